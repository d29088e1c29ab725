//! Database connections reached through a held lock guard: one connection behind a mutex
//! (`Mutex<SqliteConnection>`, `Mutex<rusqlite::Connection>`, a pool's single writer) whose
//! guard lives over a check and its act. Every other user of that connection waits for the
//! guard, so on it the check and the act cannot be interleaved by this process.
//!
//! Facts, computed per file while its `let`s are known (the workspace phase keeps none): how
//! a connection local is reached ([`conn_source`]: a guard bound in this function, or a
//! parameter); per function, whether all its data accesses run on one such connection
//! ([`SerialFn`]); per call, the arguments that are one ([`ConnArg`]). The workspace phase
//! follows a parameter to the callers that pass it ([`serialised_conn`]).

use crate::model::func::{FnModel, GuardKind, Mode};
use crate::model::place::Root;

/// A function (outermost) whose data accesses all run on one connection reached through an
/// exclusive guard held over all of them (`param: None`), or all on its parameter `param`
/// (the callers decide).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SerialFn {
    pub func: u32,
    pub param: Option<u32>,
}

/// Argument `arg` of call `call` of function `func` is a connection local reached through an
/// exclusive guard alive over the whole call (`param: None`), or the parameter `param` of the
/// function it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConnArg {
    pub func: u32,
    pub call: u32,
    pub arg: u32,
    pub param: Option<u32>,
}

/// The calls' arguments that are guarded connections or parameters ([`ConnArg`]).
pub fn conn_args(fns: &[FnModel]) -> Vec<ConnArg> {
    let mut out = Vec::new();
    for (fi, f) in fns.iter().enumerate() {
        for (k, c) in f.calls.iter().enumerate() {
            for (j, p) in c.arg_places.iter().enumerate() {
                let Some(p) = p else { continue };
                let Root::Local(name) = &p.root else { continue };
                if !p.fields.is_empty() {
                    continue;
                }
                let param = match conn_source(fns, fi, name, c.span.start) {
                    Some(ConnSource::Guard { func, acq }) => {
                        let a = &fns[func].acquisitions[acq];
                        if a.span.end > c.span.start || a.release < c.span.end {
                            continue;
                        }
                        None
                    }
                    Some(ConnSource::Param(q)) => Some(q as u32),
                    None => continue,
                };
                out.push(ConnArg {
                    func: fi as u32,
                    call: k as u32,
                    arg: j as u32,
                    param,
                });
            }
        }
    }
    out
}

/// A data access (an SQL statement, an ORM query, a store call) of function `func`
/// (outermost) at byte `at`, on the connection local `name`; `""` when it runs on something
/// that is no plain local (`self.pool`, `&state.db`, an unnamed executor).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConnUse {
    pub func: u32,
    /// The access's own function (a closure or async block inside `func` may make it).
    pub inner: u32,
    pub at: u32,
    pub end: u32,
    pub name: String,
}

/// Where a connection local comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnSource {
    /// From the exclusive guard of acquisition `acq` of function `func`, as the guard itself
    /// or a transaction begun on it (`write_tx(&mut guard)`, `guard.begin()`,
    /// `&mut *guard`).
    Guard { func: usize, acq: usize },
    /// The (top-level) function's parameter at this index ([`FnModel::params`]).
    Param(usize),
}

/// The plain local an executor expression names: `conn`, `&mut *tx`, `&mut **conn`,
/// `(&mut conn)`, `tx.as_mut()`; `None` for a field path (`self.pool`), a call or a
/// temporary guard (`db.lock().await`).
pub fn executor_local(text: &str) -> Option<String> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut t = t.as_str();
    loop {
        let before = t.len();
        t = t.trim_start_matches(['&', '*', '(']);
        t = t
            .strip_prefix("mut")
            .filter(|r| !r.starts_with(is_ident))
            .unwrap_or(t);
        if t.len() == before {
            break;
        }
    }
    let end = t.find(|c: char| !is_ident(c)).unwrap_or(t.len());
    let (name, rest) = t.split_at(end);
    if name.is_empty() || name == "self" || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let rest = rest.trim_end_matches(')');
    let plain = rest.is_empty()
        || [
            ".as_mut()",
            ".as_ref()",
            ".deref_mut()",
            ".deref()",
            ".acquire()",
        ]
        .contains(&rest);
    plain.then(|| name.to_string())
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// How the local `name`, used at `at` in function `f`, is reached: through `let`s (a
/// shadowing `let` is a new binding: the latest one before `at` decides), from an
/// exclusive guard bound in a function around it, or from a parameter. A step from one
/// local to the next must use the earlier one whole (`write_tx(&mut lock)`, `lock.begin()`,
/// `&mut *lock`): `state.db.begin()` on a guard of a state struct begins on a pool the state
/// holds, not on the locked value. `None` when neither.
pub fn conn_source(fns: &[FnModel], f: usize, name: &str, at: usize) -> Option<ConnSource> {
    let mut name = name.to_string();
    let mut at = at;
    for _ in 0..8 {
        let mut g = Some(f);
        let mut bound = None;
        while let Some(i) = g {
            if let Some(b) = fns.get(i)?.binding(&name, at) {
                bound = Some((i, b));
                break;
            }
            g = fns[i].parent;
        }
        let (i, b) = bound?;
        let fm = &fns[i];
        let Some(init) = b.init else {
            // a parameter is bound without an initialiser
            if fm.parent.is_none() {
                return fm
                    .params
                    .iter()
                    .position(|p| *p == name)
                    .map(ConnSource::Param);
            }
            return None;
        };
        if let Some(acq) = fm.acquisitions.iter().position(|a| {
            a.guard == GuardKind::Named(name.clone())
                && a.mode == Mode::Exclusive
                && !a.transient
                && !a.shard
                && b.span.encloses(a.span)
        }) {
            return Some(ConnSource::Guard { func: i, acq });
        }
        // the next local: used whole by a call of the initialiser, or the initialiser's only
        // local when it makes no call (`&mut *lock`)
        let whole = |p: &crate::model::Place| match &p.root {
            Root::Local(n) if p.fields.is_empty() => Some(n.clone()),
            _ => None,
        };
        let calls: Vec<_> = fm.calls.iter().filter(|c| init.encloses(c.span)).collect();
        let next = if calls.is_empty() {
            (b.deps.len() == 1).then(|| b.deps[0].clone())
        } else {
            calls
                .iter()
                .flat_map(|c| {
                    c.method()
                        .and_then(|(p, _)| whole(p))
                        .into_iter()
                        .chain(c.arg_places.iter().flatten().filter_map(whole))
                })
                .find(|n| b.deps.contains(n))
        };
        name = next?;
        at = b.span.start;
    }
    None
}

/// Whether the accesses `uses` (of one function) all run on one connection serialised by a
/// guard held over all of them: `Some(None)` for a guard bound in the function, live from
/// before the first to after the last; `Some(Some(p))` when they all run on parameter `p`
/// (the callers decide); `None` otherwise.
pub fn serialised_uses(fns: &[FnModel], uses: &[&ConnUse]) -> Option<Option<usize>> {
    let first = uses.iter().map(|u| u.at).min()? as usize;
    let last = uses.iter().map(|u| u.end).max()? as usize;
    let mut common: Option<ConnSource> = None;
    for u in uses {
        if u.name.is_empty() {
            return None;
        }
        let s = conn_source(fns, u.inner as usize, &u.name, u.at as usize)?;
        if common.is_some_and(|c| c != s) {
            return None;
        }
        common = Some(s);
    }
    match common? {
        ConnSource::Guard { func, acq } => {
            let a = &fns[func].acquisitions[acq];
            (a.span.end <= first && a.release >= last).then_some(None)
        }
        ConnSource::Param(p) => Some(Some(p)),
    }
}

/// One file's connection facts, as the workspace phase reads them: its [`SerialFn`]s and
/// [`ConnArg`]s, and whether it names a server database (Postgres, MySQL), whose tables other
/// processes write.
#[derive(Clone, Copy)]
pub struct FileConns<'a> {
    pub serial_fns: &'a [SerialFn],
    pub conn_args: &'a [ConnArg],
    pub db_server: bool,
}

/// Whether every data access of function `func` of file `fi` runs on one connection reached
/// through an exclusive guard that is held over all of them: bound in the function, or
/// passed in by every production caller (up to three levels of callers that pass their own
/// parameter on). The other users of that connection wait for the guard, so the function's
/// check and act cannot be interleaved; a database other processes write (Postgres, MySQL)
/// is not covered. `conns` is indexed like the graph's files.
pub fn serialised_conn(
    conns: &[FileConns],
    graph: &mut crate::model::lock_graph::Graph,
    fi: usize,
    func: usize,
) -> bool {
    let f = &conns[fi];
    if f.db_server || f.serial_fns.is_empty() {
        return false;
    }
    let top = crate::model::func::outermost(graph.fns(fi), func);
    match f.serial_fns.iter().find(|s| s.func as usize == top) {
        Some(s) => match s.param {
            None => true,
            Some(p) => callers_pass_guarded(conns, graph, fi, top, p as usize, 3),
        },
        None => false,
    }
}

/// Every production caller of function `func` of file `fi` (at least one) passes, as its
/// parameter `p`, a connection reached through an exclusive guard held over the call
/// ([`ConnArg`]).
fn callers_pass_guarded(
    conns: &[FileConns],
    graph: &mut crate::model::lock_graph::Graph,
    fi: usize,
    func: usize,
    p: usize,
    depth: usize,
) -> bool {
    let callers = graph.callers();
    let calls = callers.get(&(fi, func)).map_or(&[][..], Vec::as_slice);
    if calls.len() > 64 {
        return false;
    }
    let callee = &graph.fns(fi)[func];
    let mut any = false;
    for &(cf, ci, k) in calls {
        let model = graph.files[cf].model;
        let c = &model.fns[ci].calls[k];
        if model.in_test(c.span) {
            continue;
        }
        if conns[cf].db_server {
            return false;
        }
        let idx = crate::model::func::arg_index(c, callee, p);
        let arg = conns[cf]
            .conn_args
            .iter()
            .find(|a| a.func as usize == ci && a.call as usize == k && a.arg as usize == idx);
        let ok = match arg.map(|a| a.param) {
            Some(None) => true,
            Some(Some(q)) => {
                depth > 0
                    && callers_pass_guarded(
                        conns,
                        graph,
                        cf,
                        crate::model::func::outermost(&model.fns, ci),
                        q as usize,
                        depth - 1,
                    )
            }
            None => false,
        };
        if !ok {
            return false;
        }
        any = true;
    }
    any
}
