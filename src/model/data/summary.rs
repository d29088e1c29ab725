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
    /// The tables it inserts into without a conflict clause, ORM or SQL (`None` where the
    /// table is not known).
    pub inserts: Vec<Option<String>>,
    /// The module it is defined in, from the crate's `src/` (`storage::device_keys` for
    /// `src/storage/device_keys.rs`, inline modules appended): what a call by path names.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_string")]
    pub module: String,
    /// Its one read (an ORM read or an SQL `SELECT`, any filter): the table, and whether the
    /// read locks the rows.
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub reads: Option<(String, bool)>,
    /// The tables it updates with a value that comes from one of its parameters (the
    /// parameter's index): `update(c, dk)` writing `.set(&dk)`, `UPDATE t SET s = $1` bound to
    /// a parameter. Not an update computed by the database (`SET n = n + $1`).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub updates: Vec<(String, usize)>,
    /// A method that deletes its own record: `self.delete(conn)` (a record delete of
    /// `self`), diesel `delete(t.find(self.id))`, `DELETE FROM t WHERE id = $1` bound to
    /// `self.id`, with `t` the table of the method's `impl` type (not a child table keyed by
    /// `self.id`), and the delete's answer not read in the body. `code.consume(&pool)` with `fn consume(self, ..) { self.delete(pool) }` is the
    /// delete of `code`'s row.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub deletes_self: bool,
}

/// A method called on a record found by a lookup (`code.consume(&pool)`,
/// [`super::orm::record_method_call`]), taken for a delete of that row: it stands where the
/// workspace's summaries show a method of that name, on the lookup's record type, deleting
/// its own record ([`DataSummary::deletes_self`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordDelete {
    /// The method as called.
    pub name: String,
    /// The record type the lookup named (`LoginCode` for `LoginCode::find_code(..)`), when
    /// it named one.
    pub ty: Option<String>,
    /// The table the lookup read, when known.
    pub table: Option<String>,
}

/// A helper called by path where its summary is needed (`device_keys::get(..)`): as written,
/// with where the call is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelperCall {
    /// The path before the name (`device_keys`, `crate::storage::device_keys`, `Self`, or
    /// empty for a bare call).
    pub qual: Vec<String>,
    pub name: String,
    /// The caller's module ([`DataSummary::module`]) and `impl` type: where a bare call or
    /// `Self::` resolves.
    pub module: String,
    pub self_ty: Option<String>,
}

/// A lost update through helpers: the read (a helper, or an inline read of a known table) and
/// the write (a helper given the changed value as argument `arg`, or an inline write). The
/// finding stands only where the helpers' summaries show a read and an update of one table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelperRmw {
    pub read: Option<HelperCall>,
    pub read_table: Option<String>,
    pub write: Option<(HelperCall, usize)>,
    pub write_table: Option<String>,
}

/// A duplicate insert through helpers: the check (a helper that looks the row up, or an inline
/// lookup of a known table) finds no row and the insert (a helper that inserts, or an inline
/// insert) follows. The finding stands only where the summaries show one table checked and
/// inserted into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelperCheckInsert {
    pub check: Option<HelperCall>,
    pub check_table: Option<String>,
    /// The check helper's answer was read from its `Result` (`Ok(row) => return ..`): it
    /// stands only for a helper whose lookup answers "no such row" with an error.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub check_err_absent: bool,
    pub insert: Option<HelperCall>,
    pub insert_table: Option<String>,
}

/// The module of a function: its file's module with the inline modules around it.
pub fn join_module(file_module: &str, inline: &str) -> String {
    match (file_module.is_empty(), inline.is_empty()) {
        (_, true) => file_module.to_string(),
        (true, false) => inline.to_string(),
        (false, false) => format!("{file_module}::{inline}"),
    }
}

/// The helper call `op` (a [`super::orm::helper_call`], or an active-record
/// `Type::helper(..)`) as the summaries resolve it, made in the file at `path`.
pub fn helper_call_of(path: &str, model: &FileModel, op: &super::orm::DbOp) -> Option<HelperCall> {
    let (q, name) = op.callee.as_ref()?;
    let fm = &model.fns[outermost(&model.fns, op.fn_idx)];
    Some(HelperCall {
        qual: q
            .split("::")
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        name: name.clone(),
        module: join_module(&file_module(path), &fm.module),
        self_ty: fm.self_ty.clone(),
    })
}

/// A file's module path from the crate's `src/`: `a/src/storage/keys.rs` ->
/// `storage::keys`, `src/storage/mod.rs` -> `storage`, `src/lib.rs` -> ``.
pub fn file_module(path: &str) -> String {
    let parts: Vec<&str> = path.split(['/', '\\']).collect();
    let from = parts
        .iter()
        .rposition(|p| *p == "src")
        .map_or(parts.len().saturating_sub(1), |i| i + 1);
    let mut segs: Vec<&str> = parts[from.min(parts.len())..].to_vec();
    if let Some(last) = segs.pop() {
        let stem = last.strip_suffix(".rs").unwrap_or(last);
        if !matches!(stem, "mod" | "lib" | "main") {
            segs.push(stem);
        }
    }
    segs.join("::")
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
    /// The lookup answers "no such row" with an error (diesel `first(conn)` without
    /// `.optional()`, [`super::orm::DbOp::err_when_absent`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub err_when_absent: bool,
}

/// The summaries of the file's named functions that touch the database through an ORM:
/// one pass over the data facts, grouped by the outermost function (a lookup inside the
/// helper's transaction closure is the helper's).
pub fn summarize(path: &str, model: &FileModel, facts: &Facts) -> Vec<DataSummary> {
    /// What one function does with the database.
    #[derive(Default)]
    struct FnData {
        /// ORM lookups (read, exists, count): indices into `facts.dbops`.
        lookups: Vec<usize>,
        /// ORM and SQL inserts without a conflict clause: their tables.
        inserts: Vec<Option<String>>,
        /// ORM and SQL reads (table, locks rows); updates from a parameter (table, index).
        reads: Vec<(String, bool)>,
        updates: Vec<(String, usize)>,
        /// A delete of the method's own record ([`DataSummary::deletes_self`]).
        deletes_self: bool,
    }
    let of_self = |a: &super::facts::Arg| a.idents().iter().any(|i| i == "self");
    // a method of the record type whose rows `table` are (`LoginCode` and `login_code`): a
    // delete keyed by `self.id` in another table removes the record's children, not it
    let own_table = |f: usize, table: Option<&str>| {
        let fm = &model.fns[f];
        fm.kind == FnKind::Method
            && fm.self_ty.as_deref().is_some_and(|ty| {
                let ty = ty.rsplit("::").next().unwrap_or(ty);
                table.is_none_or(|t| super::orm::same_table(Some(t), Some(ty)))
            })
    };
    // the delete's answer (its row count, or an error for none) is not looked at in the
    // body: not bound to a name, not tested; the caller gets it at most as the tail value
    let answer_unread = |span: crate::diagnostic::Span| {
        !facts
            .lets
            .iter()
            .any(|l| l.init.encloses(span) && l.names.iter().any(|n| n != "_"))
            && !facts.conds.iter().any(|c| c.cond_span.encloses(span))
    };
    let file_module = file_module(path);
    let mut by_fn: std::collections::BTreeMap<usize, FnData> = Default::default();
    let from_param = |f: usize, a: &super::facts::Arg| {
        crate::model::func::param_source(&model.fns, f, a.idents(), a.span.start)
    };
    for (i, op) in facts.dbops.iter().enumerate() {
        let e = by_fn.entry(outermost(&model.fns, op.fn_idx)).or_default();
        match op.kind {
            DbKind::Read | DbKind::Exists | DbKind::Count => {
                e.lookups.push(i);
                if op.kind == DbKind::Read {
                    e.reads.extend(op.table.clone().map(|t| (t, op.locks_rows)));
                }
            }
            DbKind::Insert if !op.guarded => e.inserts.push(op.table.clone()),
            DbKind::Insert => {}
            DbKind::Update => {
                let Some(t) = &op.table else { continue };
                let params = op
                    .record
                    .iter()
                    .chain(op.sets.iter().map(|s| &s.value))
                    .filter_map(|a| from_param(op.fn_idx, a));
                for p in params {
                    e.updates.push((t.clone(), p));
                }
            }
            DbKind::Delete => {
                e.deletes_self |= own_table(outermost(&model.fns, op.fn_idx), op.table.as_deref())
                    && op.record.iter().chain(&op.keys).any(of_self)
                    && answer_unread(op.span);
            }
        }
    }
    for q in &facts.sqls {
        let [t] = q.info.tables.as_slice() else {
            continue;
        };
        let root = outermost(&model.fns, q.fn_idx);
        match q.info.kind {
            super::sql::SqlKind::Select if !q.info.aggregate && !q.info.exists_query => {
                let e = by_fn.entry(root).or_default();
                e.reads.push((t.clone(), q.info.locks_rows));
            }
            super::sql::SqlKind::Insert if !q.info.guarded_insert => {
                by_fn.entry(root).or_default().inserts.push(Some(t.clone()));
            }
            super::sql::SqlKind::Update => {
                for s in q.info.sets.iter().filter(|s| !s.self_ref) {
                    for n in &s.params {
                        if let Some(Some(a)) = q.params.get(n.wrapping_sub(1))
                            && let Some(p) = from_param(q.fn_idx, a)
                        {
                            by_fn.entry(root).or_default().updates.push((t.clone(), p));
                        }
                    }
                }
            }
            super::sql::SqlKind::Delete
                if own_table(root, Some(t.as_str()))
                    && q.params.iter().flatten().any(of_self)
                    && answer_unread(q.span) =>
            {
                by_fn.entry(root).or_default().deletes_self = true;
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (f, data) in by_fn {
        let fm = &model.fns[f];
        if !matches!(fm.kind, FnKind::Fn | FnKind::Method) {
            continue;
        }
        let FnData {
            lookups,
            inserts,
            reads: all_reads,
            mut updates,
            deletes_self,
        } = data;
        updates.sort();
        updates.dedup();
        // one read only: a helper that reads twice returns no single record
        let one_read = match all_reads.as_slice() {
            [r] => Some(r.clone()),
            _ => None,
        };
        let module = join_module(&file_module, &fm.module);
        let name = fm.name.rsplit("::").next().unwrap_or(&fm.name).to_string();
        // one lookup only: a helper that reads twice answers no single "by key K"
        let lookup = match lookups.as_slice() {
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
                        err_when_absent: op.err_when_absent,
                    })
            }
            _ => None,
        };
        if lookup.is_none()
            && inserts.is_empty()
            && one_read.is_none()
            && updates.is_empty()
            && !deletes_self
        {
            continue;
        }
        out.push(DataSummary {
            self_ty: fm.self_ty.clone(),
            name,
            lookup,
            inserts,
            module,
            reads: one_read,
            updates,
            deletes_self,
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

    /// The helper a call by path names: `Type::f` / `Self::f` by its `impl` type; `m::f` by
    /// the free functions `f` of a module whose path ends with `m`; a bare `f` in the
    /// caller's module, else the one free function `f` of the workspace (imported by `use`).
    pub fn resolve_call(&self, c: &HelperCall) -> Option<&'s DataSummary> {
        let qual: Vec<&str> = c
            .qual
            .iter()
            .map(String::as_str)
            .skip_while(|q| matches!(*q, "crate" | "self" | "super"))
            .collect();
        match qual.last() {
            Some(&"Self") => return self.resolve(c.self_ty.as_deref(), &c.name),
            Some(t) if t.starts_with(|x: char| x.is_ascii_uppercase()) => {
                return self.resolve(Some(t), &c.name);
            }
            _ => {}
        }
        let free = || {
            self.by_name
                .get(c.name.as_str())
                .into_iter()
                .flatten()
                .filter(|s| s.self_ty.is_none())
        };
        let agree = |mut hits: Box<dyn Iterator<Item = &&'s DataSummary> + '_>| {
            let one = hits.next()?;
            hits.all(|h| h == one).then_some(*one)
        };
        if qual.is_empty() {
            agree(Box::new(free().filter(|s| s.module == c.module)))
                .or_else(|| agree(Box::new(free())))
        } else {
            agree(Box::new(free().filter(|s| {
                let m: Vec<&str> = s.module.split("::").collect();
                m.ends_with(&qual)
            })))
        }
    }

    /// Whether the helpers of a lost update do what their names say: the read helper reads
    /// one table (without locking the rows, and updating nothing), the write helper updates
    /// that table from the argument given the changed value. Then the note saying so.
    pub fn confirms(&self, v: &HelperRmw) -> Option<String> {
        let mut said = Vec::new();
        let read = match &v.read {
            Some(c) => {
                let s = self.resolve_call(c)?;
                let (t, locks) = s.reads.clone()?;
                if locks || !s.updates.is_empty() {
                    return None;
                }
                said.push(format!("`{}` reads `{t}`", call_text(c)));
                t
            }
            None => v.read_table.clone()?,
        };
        match &v.write {
            Some((c, arg)) => {
                let s = self.resolve_call(c)?;
                let t = s
                    .updates
                    .iter()
                    .find(|(t, p)| p == arg && super::orm::same_table(Some(t), Some(&read)))?;
                said.push(format!(
                    "`{}` updates `{}` with its argument {}",
                    call_text(c),
                    t.0,
                    arg + 1
                ));
            }
            None => {
                if !super::orm::same_table(v.write_table.as_deref(), Some(&read)) {
                    return None;
                }
            }
        }
        Some(summaries_say(&said))
    }

    /// Whether the helpers of a check-then-insert do what their names say: the check helper
    /// makes one read of a table without locking the rows and inserts nothing itself, the
    /// insert helper inserts into that table without a conflict clause. Then the note saying
    /// so.
    pub fn confirms_insert(&self, v: &HelperCheckInsert) -> Option<String> {
        let mut said = Vec::new();
        let table = match &v.check {
            Some(c) => {
                let s = self.resolve_call(c)?;
                let t = match (&s.lookup, &s.reads) {
                    (Some(l), _) if !l.locks_rows && (l.err_when_absent || !v.check_err_absent) => {
                        l.table.clone()
                    }
                    (None, Some((t, false))) if !v.check_err_absent => t.clone(),
                    _ => return None,
                };
                if !s.inserts.is_empty() {
                    return None;
                }
                said.push(format!("`{}` looks up `{t}`", call_text(c)));
                t
            }
            None => v.check_table.clone()?,
        };
        match &v.insert {
            Some(c) => {
                let s = self.resolve_call(c)?;
                let t = s
                    .inserts
                    .iter()
                    .flatten()
                    .find(|t| super::orm::same_table(Some(t), Some(&table)))?;
                said.push(format!("`{}` inserts into `{t}`", call_text(c)));
            }
            None => {
                if !super::orm::same_table(v.insert_table.as_deref(), Some(&table)) {
                    return None;
                }
            }
        }
        Some(summaries_say(&said))
    }
}

impl SummaryIndex<'_> {
    /// Whether the method a found record was given to deletes that record
    /// ([`RecordDelete`]): the one method of that name on the lookup's record type (by the
    /// type it named, else by its table) deletes its own record. Then the note saying so.
    pub fn confirms_record_delete(&self, v: &RecordDelete) -> Option<String> {
        let last = |t: &str| t.rsplit("::").next().unwrap_or(t).to_string();
        let mut hits = self.by_name.get(v.name.as_str())?.iter().filter(|s| {
            let Some(st) = s.self_ty.as_deref() else {
                return false;
            };
            match &v.ty {
                Some(t) => last(st) == last(t),
                None => {
                    v.table.is_some() && super::orm::same_table(v.table.as_deref(), Some(&last(st)))
                }
            }
        });
        let one = hits.next()?;
        if !one.deletes_self || !hits.all(|h| h == one) {
            return None;
        }
        Some(format!(
            "`{}::{}` deletes its own record (the data summary of its body)",
            one.self_ty.as_deref().map(last).unwrap_or_default(),
            v.name
        ))
    }
}

/// "`a` reads `t` and `b` updates `t` (the data summaries of their bodies)".
fn summaries_say(said: &[String]) -> String {
    format!(
        "{} (the data {} of {} bod{})",
        said.join(" and "),
        if said.len() == 1 {
            "summary"
        } else {
            "summaries"
        },
        if said.len() == 1 { "its" } else { "their" },
        if said.len() == 1 { "y" } else { "ies" }
    )
}

fn call_text(c: &HelperCall) -> String {
    if c.qual.is_empty() {
        c.name.clone()
    } else {
        format!("{}::{}", c.qual.join("::"), c.name)
    }
}
