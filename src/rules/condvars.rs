//! The workspace's Condvar waits and notifies and tokio `Notify` waits and notifies, each with
//! a workspace-wide identity: a query over the model's wait/notify facts
//! ([`crate::model::condvar`]) shared by `wait-holding-lock`, `notify-without-lock` and
//! `notified-after-check`.

use crate::model::condvar::{CondvarWait, NotifiedWait, Notify};
use crate::model::lock_graph::in_file;
use crate::model::{Acquisition, FnModel, GuardKind, Place, Resolver, TypeClass, Workspace};
use std::collections::HashMap;

/// Where a fact is: file (index into the workspace's files) and function.
#[derive(Clone, Copy, Debug)]
pub struct At<'w> {
    pub file: usize,
    pub path: &'w str,
    pub func: usize,
}

pub struct Wait<'w> {
    pub at: At<'w>,
    pub wait: &'w CondvarWait,
    pub condvar: String,
    /// The mutex whose guard the wait hands over, and the acquisition that took it.
    pub mutex: String,
    pub guard_acq: &'w Acquisition,
}

pub struct Notified<'w> {
    pub at: At<'w>,
    pub notify: String,
    pub wait: &'w NotifiedWait,
}

pub struct NotifyAt<'w> {
    pub at: At<'w>,
    pub target: String,
    pub notify: &'w Notify,
}

/// What a receiver is, as far as the index tells.
#[derive(PartialEq, Eq)]
enum Prim {
    Condvar,
    Notify,
    /// `event_listener::Event` (in a file that imports from `event_listener`): `listen()`
    /// registers a listener, `notify(n)` wakes the listeners that exist and stores nothing.
    Event,
    /// Resolved to something else (a `Barrier`, a process, a struct with a `wait` method).
    Other,
    Unknown,
}

fn prim(r: &Resolver, fns: &[FnModel], f: usize, place: &Place) -> (Prim, Option<String>) {
    match r.resolve(fns, f, place) {
        Some(res) => {
            let p = match &res.ty.class {
                TypeClass::Sync { name } if name == "Condvar" => Prim::Condvar,
                TypeClass::Sync { name } if name == "Notify" => Prim::Notify,
                TypeClass::Sync { name } if name == "Event" => Prim::Event,
                TypeClass::Unknown => Prim::Unknown,
                _ if res.ty.text.is_empty() => Prim::Unknown,
                _ => Prim::Other,
            };
            let id = Some(res.identity).filter(|s| !s.is_empty());
            (p, id)
        }
        None => (Prim::Unknown, None),
    }
}

/// A workspace-wide name for the object `place` denotes in function `f` of file `file`.
pub fn identity(ws: &Workspace, file: usize, f: usize, place: &Place) -> String {
    let fns = &ws.files[file].model.fns;
    let r = ws.resolver_in(file);
    let id = prim(&r, fns, f, place)
        .1
        .unwrap_or_else(|| Resolver::fallback_identity(fns, f, place));
    in_file(id, file)
}

/// The acquisition whose guard a wait hands over: the latest one bound to the guard's name
/// before the wait, or the temporary acquired in the argument itself.
pub fn guard_acquisition<'f>(f: &'f FnModel, w: &CondvarWait) -> Option<&'f Acquisition> {
    if let Some(a) = f
        .acquisitions
        .iter()
        .find(|a| w.guard_span.encloses(a.span))
    {
        return Some(a);
    }
    if let Some(a) = w.guard_acq.and_then(|i| f.acquisitions.get(i)) {
        return Some(a);
    }
    let name = w.guard.as_ref()?;
    f.acquisitions
        .iter()
        .filter(|a| a.guard == GuardKind::Named(name.clone()) && a.call_span.start < w.span.start)
        .max_by_key(|a| a.call_span.start)
}

/// Whether the receiver of a wait is a Condvar: its type says so, or it is unknown and the
/// wait hands over a lock guard.
pub fn is_condvar_wait(r: &Resolver, fns: &[FnModel], f: usize, w: &CondvarWait) -> bool {
    match prim(r, fns, f, &w.condvar).0 {
        Prim::Condvar => true,
        Prim::Unknown => guard_acquisition(&fns[f], w).is_some(),
        _ => false,
    }
}

pub struct Index<'w> {
    pub waits: Vec<Wait<'w>>,
    pub notifies: Vec<NotifyAt<'w>>,
    pub notified: Vec<Notified<'w>>,
    /// Functions by their last name segment (`Pool::wake` -> `wake`).
    by_name: HashMap<&'w str, Vec<(usize, usize)>>,
    ws: &'w Workspace<'w>,
}

fn short_name(name: &str) -> &str {
    name.rsplit("::").next().unwrap_or(name)
}

impl<'w> Index<'w> {
    pub fn build(ws: &'w Workspace<'w>) -> Index<'w> {
        let mut ix = Index {
            waits: Vec::new(),
            notifies: Vec::new(),
            notified: Vec::new(),
            by_name: HashMap::new(),
            ws,
        };
        let any = ws.files.iter().any(|f| {
            f.model
                .fns
                .iter()
                .any(|g| !g.cv_waits.is_empty() || !g.notified.is_empty())
        });
        if !any {
            return ix;
        }
        for (fi, file) in ws.files.iter().enumerate() {
            let fns = &file.model.fns;
            let r = ws.resolver_in(fi);
            let event_listener = file
                .model
                .index
                .uses
                .values()
                .any(|p| p.starts_with("event_listener"));
            for (i, f) in fns.iter().enumerate() {
                if !f.name.contains("::{") {
                    ix.by_name
                        .entry(short_name(&f.name))
                        .or_default()
                        .push((fi, i));
                }
                let at = At {
                    file: fi,
                    path: file.path,
                    func: i,
                };
                for w in &f.cv_waits {
                    if !is_condvar_wait(&r, fns, i, w) {
                        continue;
                    }
                    let Some(acq) = guard_acquisition(f, w) else {
                        continue;
                    };
                    ix.waits.push(Wait {
                        at,
                        wait: w,
                        condvar: identity(ws, fi, i, &w.condvar),
                        mutex: identity(ws, fi, i, &acq.place),
                        guard_acq: acq,
                    });
                }
                for n in &f.notifies {
                    match prim(&r, fns, i, &n.target).0 {
                        Prim::Other => continue,
                        Prim::Event if !event_listener => continue,
                        _ => {}
                    }
                    ix.notifies.push(NotifyAt {
                        at,
                        target: identity(ws, fi, i, &n.target),
                        notify: n,
                    });
                }
                for n in &f.notified {
                    match prim(&r, fns, i, &n.notify).0 {
                        Prim::Other | Prim::Condvar => continue,
                        Prim::Event if !event_listener => continue,
                        _ => {}
                    }
                    ix.notified.push(Notified {
                        at,
                        notify: identity(ws, fi, i, &n.notify),
                        wait: n,
                    });
                }
            }
        }
        ix
    }

    pub fn fns(&self, file: usize) -> &'w [FnModel] {
        &self.ws.files[file].model.fns
    }

    /// The identity of the lock an acquisition takes.
    pub fn lock_identity(&self, file: usize, func: usize, a: &Acquisition) -> String {
        identity(self.ws, file, func, &a.place)
    }

    /// A static of the workspace is named `name`.
    pub fn is_static(&self, name: &str) -> bool {
        self.ws.index.statics.contains_key(name)
    }

    /// The crate a lock comes from (`std`, `parking_lot`, ...), when its type resolves.
    pub fn lock_origin(&self, file: usize, func: usize, a: &Acquisition) -> Option<String> {
        let r = self.ws.resolver_in(file);
        let res = r.resolve(self.fns(file), func, &a.place)?;
        res.ty.lock().map(|l| l.origin.clone())
    }

    /// An acquisition of lock `lock` in function `func` or the functions it is nested in,
    /// taken before `before`.
    pub fn acquires_before(
        &self,
        file: usize,
        func: usize,
        lock: &str,
        before: usize,
    ) -> Option<&'w Acquisition> {
        let fns = self.fns(file);
        let mut cur = Some(func);
        while let Some(i) = cur {
            if let Some(a) = fns[i]
                .acquisitions
                .iter()
                .filter(|a| a.call_span.start < before)
                .find(|a| self.lock_identity(file, i, a) == lock)
            {
                return Some(a);
            }
            cur = fns[i].parent;
        }
        None
    }

    /// Function `func` takes `lock` before `before`, itself, in a function it calls there
    /// (one level, by name), or one of its callers takes it before calling it (by name).
    pub fn lock_taken_around(&self, file: usize, func: usize, lock: &str, before: usize) -> bool {
        if self.acquires_before(file, func, lock, before).is_some() {
            return true;
        }
        let fns = self.fns(file);
        // callees before `before`
        for c in fns[func].calls.iter().filter(|c| c.span.start < before) {
            let name = c.name();
            for &(cf, ci) in self.by_name.get(name).map(Vec::as_slice).unwrap_or(&[]) {
                let callee = &self.fns(cf)[ci];
                if callee
                    .acquisitions
                    .iter()
                    .any(|a| self.lock_identity(cf, ci, a) == lock)
                {
                    return true;
                }
            }
        }
        self.callers_hold(file, func, lock)
    }

    /// A caller of `func` (its outermost function, by name) takes `lock` before the call.
    pub fn callers_hold(&self, file: usize, func: usize, lock: &str) -> bool {
        let fns = self.fns(file);
        let top = crate::model::func::outermost(fns, func);
        let name = short_name(&fns[top].name);
        for (fi, file) in self.ws.files.iter().enumerate() {
            for (i, f) in file.model.fns.iter().enumerate() {
                for c in &f.calls {
                    if c.name() == name && self.acquires_before(fi, i, lock, c.span.start).is_some()
                    {
                        return true;
                    }
                }
            }
        }
        false
    }
}

/// `file:line` of an offset in a workspace file, for messages.
pub fn where_(path: &str, line: usize) -> String {
    format!("{path}:{line}")
}
