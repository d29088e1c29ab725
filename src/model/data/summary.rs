//! Per-function data summaries: what a helper function reads ("reads table T by key K",
//! an existence check or a record lookup) and what it writes ("inserts into T"), computed
//! per file from the function's data facts ([`super::orm::DbOp`]) and joined in the
//! workspace phase by the called path (`Type::helper`), so that a check made through a
//! helper defined in another file gets the helper's table and key columns.

use super::facts::Facts;
use super::orm::DbKind;
use crate::model::FileModel;
use crate::model::func::{FnKind, outermost};
use serde::{Deserialize, Serialize};

/// What one named function (not a closure) does with the database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSummary {
    /// The `impl` type of an associated function or method (`Community` for
    /// `impl ApubActor for Community`), `None` for a free function.
    pub self_ty: Option<String>,
    /// The function's own name (`read_from_apub_id`).
    pub name: String,
    /// Its one lookup, when it makes exactly one read, existence check or count.
    pub lookup: Option<Lookup>,
    /// The tables it inserts into (`None` where the table is not known).
    pub inserts: Vec<Option<String>>,
}

/// "Reads table T by key K": the only lookup of a helper.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lookup {
    /// `read` (a record or rows), `exists` or `count`.
    pub kind: String,
    pub table: String,
    /// The columns the filter compares by equality ([`super::orm::DbOp::key_cols`]).
    pub key_cols: Vec<String>,
    /// `FOR UPDATE` and the like: the lookup locks the rows it reads.
    pub locks_rows: bool,
}

/// The summaries of the file's named functions that touch the database through an ORM:
/// one pass over the data facts, grouped by the outermost function (a lookup inside the
/// helper's transaction closure is the helper's).
pub fn summarize(model: &FileModel, facts: &Facts) -> Vec<DataSummary> {
    let mut by_fn: std::collections::BTreeMap<usize, (Vec<usize>, Vec<usize>)> = Default::default();
    for (i, op) in facts.dbops.iter().enumerate() {
        let root = outermost(&model.fns, op.fn_idx);
        let e = by_fn.entry(root).or_default();
        match op.kind {
            DbKind::Read | DbKind::Exists | DbKind::Count => e.0.push(i),
            DbKind::Insert => e.1.push(i),
            DbKind::Update | DbKind::Delete => {}
        }
    }
    let mut out = Vec::new();
    for (f, (reads, inserts)) in by_fn {
        let fm = &model.fns[f];
        if !matches!(fm.kind, FnKind::Fn | FnKind::Method) {
            continue;
        }
        let name = fm.name.rsplit("::").next().unwrap_or(&fm.name).to_string();
        // one lookup only: a helper that reads twice answers no single "by key K"
        let lookup = match reads.as_slice() {
            [r] => {
                let op = &facts.dbops[*r];
                op.table
                    .clone()
                    .filter(|_| !op.key_cols.is_empty())
                    .map(|table| Lookup {
                        kind: match op.kind {
                            DbKind::Exists => "exists",
                            DbKind::Count => "count",
                            _ => "read",
                        }
                        .to_string(),
                        table,
                        key_cols: op.key_cols.clone(),
                        locks_rows: op.locks_rows,
                    })
            }
            _ => None,
        };
        let inserts: Vec<Option<String>> = inserts
            .iter()
            .map(|i| facts.dbops[*i].table.clone())
            .collect();
        if lookup.is_none() && inserts.is_empty() {
            continue;
        }
        out.push(DataSummary {
            self_ty: fm.self_ty.clone(),
            name,
            lookup,
            inserts,
        });
    }
    out
}

/// The workspace's summaries, looked up by the called path.
#[derive(Default)]
pub struct SummaryIndex<'s> {
    by_name: std::collections::HashMap<&'s str, Vec<&'s DataSummary>>,
}

impl<'s> SummaryIndex<'s> {
    pub fn build(all: impl IntoIterator<Item = &'s DataSummary>) -> SummaryIndex<'s> {
        let mut ix = SummaryIndex::default();
        for s in all {
            ix.by_name.entry(s.name.as_str()).or_default().push(s);
        }
        ix
    }

    /// The helper `Type::name` (`ty` as the call writes it; `None` for a free function),
    /// resolved conservatively: the one function of that name whose `impl` type is `ty`
    /// (two impls of one type with the same name, as in two crates, resolve to nothing).
    pub fn resolve(&self, ty: Option<&str>, name: &str) -> Option<&'s DataSummary> {
        let ty = ty.map(|t| t.rsplit("::").next().unwrap_or(t));
        let mut hits = self.by_name.get(name)?.iter().filter(|s| {
            s.self_ty
                .as_deref()
                .map(|t| t.rsplit("::").next().unwrap_or(t))
                == ty
        });
        let one = hits.next()?;
        // several identical summaries (one helper compiled under two cfgs) still agree
        hits.all(|h| h == one).then_some(*one)
    }
}
