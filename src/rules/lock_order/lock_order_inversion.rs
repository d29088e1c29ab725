//! `lock-order-inversion`: one lock-order graph over the whole workspace, with an edge
//! `A -> B` whenever `B` is acquired while `A` is held — directly, in a closure run in place,
//! or in a function called (up to [`crate::model::lock_graph::MAX_CALL_DEPTH`] calls deep) while `A` is
//! held. Every simple cycle (2 to [`MAX_CYCLE`] locks) is reported once, up to
//! [`MAX_CYCLES`] cycles (the last one reported says so when the cap is reached).
//!
//! Cycles are only searched inside the graph's strongly connected components: an edge
//! between two components is on no cycle, so correct code (an acyclic order, however many
//! locks and pairs) costs one linear pass.
//!
//! Nodes are the model's canonical lock identities (`Bank.accounts`, `static REGISTRY`), so
//! two instances of one field (`from.balance`, `to.balance`) are one node and never make an
//! edge. A `try_lock` cannot block, so it never is the second lock of an edge. A cycle is
//! dropped when every path of it runs under one common "gate" lock, or when some lock of it is
//! only ever taken in shared (read) mode on both sides — unless it is the cycle's only such
//! lock, an RwLock whose queued writer blocks new readers, and the workspace writes it
//! somewhere (not through `&mut self`): the readers and that writer then deadlock.

use crate::diagnostic::{Diagnostic, Span};
use crate::model::lock_graph::{
    ArgLock, Graph, Reach, display_identity, fn_display, guards_held_at, modes_conflict,
    parameter_index,
};
use crate::model::{Acquisition, Mode, Root};
use crate::rules::declare_rule;
use std::collections::{BTreeMap, BTreeSet, HashSet};

declare_rule! {
    pub static LOCK_ORDER_INVERSION = {
        id: "lock-order-inversion",
        category: LOCK_ORDER,
        severity: Warning,
        summary: "two code paths acquire the same locks in opposite orders (possible deadlock)",
    }
}

pub const MAX_CYCLE: usize = 5;
const MAX_CYCLES: usize = 500;
const MAX_WITNESSES: usize = 6;

/// Why an edge exists: the root function holds `held` and (directly or through calls) takes
/// the lock of `want`.
#[derive(Clone, Debug)]
struct Witness {
    file: usize,
    func: usize,
    held: usize,
    held_mode: Mode,
    want: Reach,
    /// Other locks held by the root at that point.
    also_held: Vec<String>,
    /// Both locks are parameters of the root (or one is): the edge holds for the locks this
    /// call passes (`transfer(&a, &b)`), as (file, fn, call index).
    call: Option<(usize, usize, usize)>,
}

pub fn check_workspace(
    g: &mut Graph,
    facts: &[(&str, &crate::rules::WorkspaceFacts)],
    out: &mut Vec<Diagnostic>,
) {
    let edges = build_edges(g);
    if edges.is_empty() {
        return;
    }
    let mut adj: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        adj.entry(a.as_str()).or_default().push(b.as_str());
    }
    let adj = within_components(&adj);
    let (cycles, capped) = cycles(&adj);
    let first = out.len();
    let writers = if cycles.is_empty() {
        Default::default()
    } else {
        g.writers()
    };
    for cycle in cycles {
        let ws: Vec<&Vec<Witness>> = (0..cycle.len())
            .map(|j| {
                &edges[&(
                    cycle[j].to_string(),
                    cycle[(j + 1) % cycle.len()].to_string(),
                )]
            })
            .collect();
        // a cycle every lock of which blocks; else one whose read/read locks have a writer
        let choice = choose(&ws, &|_| false).or_else(|| {
            choose(&ws, &|w: &Witness| {
                w.want.node.writer_blocks_readers && writers.contains_key(&w.want.node.identity)
            })
        });
        if let Some(choice) = choice {
            let witnesses: Vec<usize> = ws.iter().map(|w| w.len()).collect();
            out.push(report(g, facts, &cycle, &choice, &witnesses, &writers));
        }
    }
    if capped && let Some(last) = out.get_mut(first..).and_then(|o| o.last_mut()) {
        last.notes.push(format!(
            "racelint reports at most {MAX_CYCLES} lock-order cycles of up to {MAX_CYCLE} locks; the lock graph has more"
        ));
    }
}

/// The edges of `adj` whose ends are in one strongly connected component (the only edges
/// on cycles), in their original order. Tarjan's algorithm with an explicit stack.
fn within_components<'a>(adj: &BTreeMap<&'a str, Vec<&'a str>>) -> BTreeMap<&'a str, Vec<&'a str>> {
    let mut nodes: Vec<&str> = adj.keys().copied().collect();
    nodes.extend(adj.values().flatten().copied());
    nodes.sort_unstable();
    nodes.dedup();
    let id = |n: &str| nodes.binary_search(&n).unwrap();
    let succ: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| {
            adj.get(n)
                .map_or(Vec::new(), |v| v.iter().map(|m| id(m)).collect())
        })
        .collect();
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; nodes.len()];
    let mut low = vec![0; nodes.len()];
    let mut on_stack = vec![false; nodes.len()];
    let mut component = vec![0; nodes.len()];
    let (mut next, mut components) = (0, 0);
    let mut stack = Vec::new();
    for root in 0..nodes.len() {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, next successor to look at)
        let mut work = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if let Some(&w) = succ[v].get(*i) {
                *i += 1;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = components;
                    if w == v {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    let mut out: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (&a, bs) in adj {
        let kept: Vec<&str> = bs
            .iter()
            .copied()
            .filter(|&b| component[id(a)] == component[id(b)])
            .collect();
        if !kept.is_empty() {
            out.insert(a, kept);
        }
    }
    out
}

fn build_edges(g: &mut Graph) -> BTreeMap<(String, String), Vec<Witness>> {
    let mut edges = Edges::default();
    let files = g.files;
    // the names of the helpers that run a closure parameter under a guard: only calls of
    // these names are resolved to look for a closure run under the helper's guard
    let holders = g.closure_holders();
    let guarded_callers: HashSet<&str> = holders
        .iter()
        .map(|&(hf, hfn)| {
            let n = &files[hf].model.fns[hfn].name;
            n.rsplit("::").next().unwrap_or(n)
        })
        .collect();
    for (file, fa) in files.iter().enumerate() {
        for (func, f) in fa.model.fns.iter().enumerate() {
            // each acquisition's node once (interned), not once per guard it is held over
            let nodes: Vec<Option<u32>> = (0..f.acquisitions.len())
                .map(|i| g.node(file, func, i).map(|n| edges.intern(n.identity)))
                .collect();
            // a lock reached through what `self` owns, in code that holds `self` exclusively
            // (`&mut self`, or a synchronous method of a type that is not `Sync`): no other
            // actor holds it or waits for it meanwhile, so it is on no deadlock
            let model = fa.model;
            let alone = |a: &Acquisition| {
                f.self_exclusive
                    && !f.spawned
                    && a.place.root == Root::SelfRef
                    && !a.place.fields.is_empty()
                    && crate::model::actors::self_path_owned(model, func, &a.place.fields)
            };
            // direct: `b` taken while `a` is held
            for (bi, b) in f.acquisitions.iter().enumerate() {
                if b.is_try || alone(b) {
                    continue;
                }
                let mut held = guards_held_at(f, b.lock_at());
                // an assignment's place is locked where its guard starts to live
                held.retain(|a| a.id != b.id && !alone(a));
                if held.is_empty() {
                    continue;
                }
                let Some(nb) = g.node(file, func, bi) else {
                    continue;
                };
                let held = held_nodes(&nodes, &held);
                let want = Reach {
                    node: nb,
                    file,
                    func,
                    acq: bi,
                    mode: b.mode,
                    path: Vec::new(),
                    via_self: b.place.root == Root::SelfRef,
                    arg: None,
                    obj: None,
                    dispatched: false,
                };
                edges.add(file, func, &held, &want);
            }
            // through calls and closures run in place
            for (ci, c) in f.calls.iter().enumerate() {
                let mut held = guards_held_at(f, c.at());
                held.retain(|a| !alone(a));
                if held.is_empty() {
                    continue;
                }
                let held = held_nodes(&nodes, &held);
                if held.is_empty() {
                    continue;
                }
                for want in
                    g.call_reaches(file, func, ci, crate::model::lock_graph::MAX_CALL_DEPTH - 1)
                {
                    if !one_object(&want) {
                        continue;
                    }
                    edges.add(file, func, &held, &want);
                }
            }
            if !guarded_callers.is_empty() {
                closures_run_under_callee_guards(g, &mut edges, file, func, &guarded_callers);
            }
        }
    }
    let mut edges = edges.into_map();
    instantiate_parameters(g, &mut edges);
    edges
}

/// A closure passed to a helper that calls it while holding a guard (`self.with_x(|x| {
/// self.y.lock(); .. })` where `with_x` does `f(&mut self.x.write())`, calls it in a closure
/// run under a map reference, or hands it on to a callee that does: [`Graph::closure_holds`]):
/// the closure's locks are taken while the helper's guard is held. The edge's root is the
/// function holding the guard; the path is the call passing the closure.
fn closures_run_under_callee_guards(
    g: &mut Graph,
    edges: &mut Edges,
    file: usize,
    func: usize,
    guarded_callers: &HashSet<&str>,
) {
    let f = &g.fns(file)[func];
    for (ci, c) in f.calls.iter().enumerate() {
        if matches!(c.callee, crate::model::Callee::Closure { .. })
            || c.args.is_empty()
            || !guarded_callers.contains(c.name())
        {
            continue;
        }
        let Some((cf, cfn)) = g.callee(file, func, c) else {
            continue;
        };
        let summary = g.closure_holds(cf, cfn);
        if summary.holds.is_empty() {
            continue;
        }
        // `Type::method(obj, f)`: the receiver is the first argument
        let shift = usize::from(
            matches!(c.callee, crate::model::Callee::Path { .. })
                && g.fns(cf)[cfn].kind == crate::model::FnKind::Method,
        );
        // the guards held together where the closure runs: by parameter, site and holding
        // function (the other guards held there are the edge's gates)
        let mut groups: Vec<(HoldKey, Vec<usize>)> = Vec::new();
        for h in &summary.holds {
            let key = (h.param, h.site, h.held.0, h.held.1);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, ids)) => ids.push(h.held.2),
                None => groups.push((key, vec![h.held.2])),
            }
        }
        // the locks each closure argument takes, computed once per closure
        let mut wants_of: Vec<(usize, Vec<Reach>)> = Vec::new();
        for ((param, _, hf, hfn), ids) in groups {
            let Some(arg) = c.args.get(param + shift) else {
                continue;
            };
            // the closure written as that argument (recorded as run in place by `func`)
            let Some(k) = f.calls.iter().find_map(|k| match k.callee {
                crate::model::Callee::Closure { index } if arg.encloses(k.span) => Some(index),
                _ => None,
            }) else {
                continue;
            };
            let held: Vec<(usize, Mode, u32)> = ids
                .iter()
                .filter_map(|&ai| {
                    let n = g.node(hf, hfn, ai)?;
                    Some((
                        ai,
                        g.fns(hf)[hfn].acquisitions[ai].mode,
                        edges.intern(n.identity),
                    ))
                })
                .collect();
            if held.is_empty() {
                continue;
            }
            if !wants_of.iter().any(|(i, _)| *i == k) {
                let body = &g.fns(file)[k];
                let mut wants = Vec::new();
                for (bi, b) in body.acquisitions.iter().enumerate() {
                    if b.is_try {
                        continue;
                    }
                    if let Some(node) = g.node(file, k, bi) {
                        wants.push(Reach {
                            node,
                            file,
                            func: k,
                            acq: bi,
                            mode: b.mode,
                            path: vec![(file, func, ci)],
                            via_self: false,
                            arg: None,
                            obj: None,
                            dispatched: false,
                        });
                    }
                }
                for kc in 0..body.calls.len() {
                    for mut r in
                        g.call_reaches(file, k, kc, crate::model::lock_graph::MAX_CALL_DEPTH - 2)
                    {
                        if !one_object(&r) {
                            continue;
                        }
                        r.path.insert(0, (file, func, ci));
                        wants.push(r);
                    }
                }
                wants_of.push((k, wants));
            }
            let wants = &wants_of.iter().find(|(i, _)| *i == k).unwrap().1;
            for want in wants {
                edges.add(hf, hfn, &held, want);
            }
        }
    }
}

/// The held guards that are lock nodes: (acquisition, mode, interned identity).
fn held_nodes(nodes: &[Option<u32>], held: &[&Acquisition]) -> Vec<(usize, Mode, u32)> {
    held.iter()
        .filter_map(|a| Some((a.id, a.mode, (*nodes.get(a.id)?)?)))
        .collect()
}

/// The edges being built, with lock identities interned: a function holding many guards
/// at once made every acquisition clone two strings and list the other held locks once per
/// held guard (cubic in the guards held); a pair whose witnesses are full is now skipped
/// after one lookup per distinct held lock.
#[derive(Default)]
struct Edges {
    ids: std::collections::HashMap<String, u32>,
    names: Vec<String>,
    map: std::collections::HashMap<(u32, u32), Vec<Witness>>,
}

impl Edges {
    fn intern(&mut self, name: String) -> u32 {
        if let Some(&i) = self.ids.get(&name) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(name.clone());
        self.ids.insert(name, i);
        i
    }

    fn add(&mut self, file: usize, func: usize, held: &[(usize, Mode, u32)], want: &Reach) {
        let w = self.intern(want.node.identity.clone());
        // the lock wanted is already held on this path: a re-lock (`double-lock`'s finding),
        // not an order between two locks
        if held.iter().any(|&(_, _, h)| h == w) {
            return;
        }
        for &(hid, hmode, hident) in held {
            if hident == w {
                continue;
            }
            let list = self.map.entry((hident, w)).or_default();
            if list.len() >= MAX_WITNESSES {
                continue;
            }
            let also: Vec<String> = held
                .iter()
                .filter(|(id, _, n)| *id != hid && *n != w)
                .map(|(_, _, n)| self.names[*n as usize].clone())
                .collect();
            list.push(Witness {
                file,
                func,
                held: hid,
                held_mode: hmode,
                want: want.clone(),
                also_held: also,
                call: None,
            });
        }
    }

    fn into_map(self) -> BTreeMap<(String, String), Vec<Witness>> {
        let names = self.names;
        self.map
            .into_iter()
            .filter(|(_, ws)| !ws.is_empty())
            .map(|((a, b), ws)| ((names[a as usize].clone(), names[b as usize].clone()), ws))
            .collect()
    }
}

/// An edge between locks that are parameters of its function (`fn transfer(from: &Mutex<_>,
/// to: &Mutex<_>)` takes `to` while holding `from`) is an edge between the locks each call
/// passes: `transfer(&a, &b)` and `transfer(&b, &a)` make a cycle. Every call of such a
/// function adds the edge between its arguments, with the locks the caller holds there as
/// gates.
fn instantiate_parameters(g: &mut Graph, edges: &mut BTreeMap<(String, String), Vec<Witness>>) {
    /// (held, wanted) and why, per function
    type ParamEdges = Vec<((String, String), Witness)>;
    let mut by_fn: BTreeMap<(usize, usize), ParamEdges> = BTreeMap::new();
    for (key, ws) in edges.iter() {
        for w in ws {
            let f = &g.fns(w.file)[w.func];
            if w.call.is_none()
                && (parameter_index(f, &key.0).is_some() || parameter_index(f, &key.1).is_some())
            {
                by_fn
                    .entry((w.file, w.func))
                    .or_default()
                    .push((key.clone(), w.clone()));
            }
        }
    }
    if by_fn.is_empty() {
        return;
    }
    let names: BTreeSet<&str> = by_fn
        .keys()
        .map(|&(f, i)| {
            let n = g.fns(f)[i].name.as_str();
            n.rsplit("::").next().unwrap_or(n)
        })
        .collect();
    let files = g.files;
    for (file, fa) in files.iter().enumerate() {
        for (func, f) in fa.model.fns.iter().enumerate() {
            for (ci, c) in f.calls.iter().enumerate() {
                if !names.contains(c.name()) {
                    continue;
                }
                let Some(callee) = g.callee(file, func, c) else {
                    continue;
                };
                let Some(list) = by_fn.get(&callee) else {
                    continue;
                };
                let gates: Vec<String> = guards_held_at(f, c.at())
                    .iter()
                    .filter_map(|a| g.node(file, func, a.id).map(|n| n.identity))
                    .collect();
                for ((a, b), w) in list {
                    let (Some(a), Some(b)) = (
                        bound(g, file, func, c, callee, a),
                        bound(g, file, func, c, callee, b),
                    ) else {
                        continue;
                    };
                    if a == b {
                        continue;
                    }
                    let mut w = w.clone();
                    w.want.node.identity = b.clone();
                    w.also_held = w
                        .also_held
                        .iter()
                        .filter_map(|h| bound(g, file, func, c, callee, h))
                        .chain(gates.iter().cloned())
                        .filter(|h| *h != a && *h != b)
                        .collect();
                    w.call = Some((file, func, ci));
                    let list = edges.entry((a, b)).or_default();
                    if list.len() < MAX_WITNESSES {
                        list.push(w);
                    }
                }
            }
        }
    }
}

/// The lock `identity` of the callee is at call `c`: itself, or the argument bound to it.
fn bound(
    g: &mut Graph,
    file: usize,
    func: usize,
    c: &crate::model::CallSite,
    callee: (usize, usize),
    identity: &str,
) -> Option<String> {
    match g.argument_lock(file, func, c, callee, identity) {
        ArgLock::NotParameter => Some(identity.to_string()),
        ArgLock::Bound { identity, .. } => Some(identity),
        ArgLock::Unknown | ArgLock::Unshared { .. } => None,
    }
}

/// Simple cycles of up to [`MAX_CYCLE`] nodes, each once (starting at its smallest node),
/// at most [`MAX_CYCLES`]; and whether the search stopped there with cycles left.
fn cycles<'a>(adj: &BTreeMap<&'a str, Vec<&'a str>>) -> (Vec<Vec<&'a str>>, bool) {
    let mut out = Vec::new();
    for &start in adj.keys() {
        let mut path = vec![start];
        dfs(adj, start, &mut path, &mut out);
        if out.len() > MAX_CYCLES {
            out.truncate(MAX_CYCLES);
            return (out, true);
        }
    }
    (out, false)
}

fn dfs<'a>(
    adj: &BTreeMap<&'a str, Vec<&'a str>>,
    start: &'a str,
    path: &mut Vec<&'a str>,
    out: &mut Vec<Vec<&'a str>>,
) {
    // one past the cap: that there are more is then known
    if out.len() > MAX_CYCLES {
        return;
    }
    let last = *path.last().unwrap();
    let Some(next) = adj.get(last) else {
        return;
    };
    for &n in next {
        if n == start && path.len() >= 2 {
            out.push(path.clone());
        } else if n > start && !path.contains(&n) && path.len() < MAX_CYCLE {
            path.push(n);
            dfs(adj, start, path, out);
            path.pop();
        }
    }
}

/// One witness per edge such that every lock of the cycle can block (some side takes it
/// exclusively) and no common lock gates all the paths. `None` when no choice does.
///
/// `queued_writer(w)`: the lock edge `w` wants, read-locked there and read-held by the next
/// edge, has a writer somewhere that can queue between the two readers (they then block).
fn choose<'w>(
    ws: &[&'w Vec<Witness>],
    queued_writer: &dyn Fn(&Witness) -> bool,
) -> Option<Vec<&'w Witness>> {
    let k = ws.len();
    let mut idx = vec![0usize; k];
    let limit = |j: usize| ws[j].len().min(3);
    loop {
        let choice: Vec<&Witness> = (0..k).map(|j| &ws[j][idx[j]]).collect();
        if valid(&choice, queued_writer) {
            return Some(choice);
        }
        // next combination
        let mut j = 0;
        loop {
            if j == k {
                return None;
            }
            idx[j] += 1;
            if idx[j] < limit(j) {
                break;
            }
            idx[j] = 0;
            j += 1;
        }
    }
}

fn valid(choice: &[&Witness], queued_writer: &dyn Fn(&Witness) -> bool) -> bool {
    let k = choice.len();
    // lock j+1 is wanted by edge j and held by edge j+1; at most one lock of the cycle blocks
    // only through a queued writer (with two, the deadlock needs two writers queued at once
    // on two locks, each at the right moment)
    let mut through_writer = 0;
    for j in 0..k {
        let wanted = choice[j].want.mode;
        let held = choice[(j + 1) % k].held_mode;
        if modes_conflict(held, wanted) {
            continue;
        }
        if read_read(held, wanted) && queued_writer(choice[j]) && through_writer == 0 {
            through_writer += 1;
            continue;
        }
        return false;
    }
    let mut common: BTreeSet<&String> = choice[0].also_held.iter().collect();
    for w in &choice[1..] {
        let s: BTreeSet<&String> = w.also_held.iter().collect();
        common = common.intersection(&s).copied().collect();
    }
    common.is_empty()
}

/// Two plain read guards: they block each other only through a writer queued between them.
fn read_read(held: Mode, wanted: Mode) -> bool {
    held == Mode::Shared && wanted == Mode::Shared
}

fn acq<'g>(g: &'g Graph, file: usize, func: usize, i: usize) -> &'g Acquisition {
    &g.files[file].model.fns[func].acquisitions[i]
}

/// For an edge made by a closure a helper runs under its guard
/// ([`closures_run_under_callee_guards`]): the function that passes the closure (its path
/// starts at a call of another function than the one holding the guard).
fn callback_caller(w: &Witness) -> Option<(usize, usize)> {
    let &(pf, pfn, _) = w.want.path.first()?;
    (w.call.is_none() && (pf, pfn) != (w.file, w.func)).then_some((pf, pfn))
}

/// The function holding the guard of a witness, named as its callers call it (a closure of
/// it is named by the function).
fn holder_name(g: &Graph, w: &Witness) -> String {
    let fns = g.fns(w.file);
    fns[crate::model::func::outermost(fns, w.func)].name.clone()
}

fn report(
    g: &Graph,
    facts: &[(&str, &crate::rules::WorkspaceFacts)],
    cycle: &[&str],
    choice: &[&Witness],
    witnesses: &[usize],
    writers: &crate::model::lock_graph::Writers,
) -> Diagnostic {
    let k = cycle.len();
    let files = g.files;
    let name = |i: usize| display_identity(cycle[i % k]);
    // the primary edge: a direct acquisition if there is one, else the first
    // where a witness shows: the second acquisition, or the call that passes the locks
    let anchor = |w: &Witness| match w.call {
        Some((cf, cfn, ci)) => (files[cf].path, files[cf].model.fns[cfn].calls[ci].span),
        None => (
            files[w.want.file].path,
            acq(g, w.want.file, w.want.func, w.want.acq).call_span,
        ),
    };
    let key = |w: &Witness| {
        let (file, span) = anchor(w);
        (w.call.is_some(), !w.want.path.is_empty(), file, span.start)
    };
    let p = (0..k).min_by_key(|&j| key(choice[j])).unwrap_or(0);
    let pw = choice[p];
    let (primary_file, primary_span) = anchor(pw);
    let (a_name, b_name) = (name(p), name(p + 1));
    let who = |w: &Witness| match (w.call, callback_caller(w)) {
        (Some((cf, cfn, _)), _) => format!(
            "{} (through `{}`)",
            fn_display(&files[cf].model.fns[cfn]),
            files[w.file].model.fns[w.func].name
        ),
        (None, Some((cf, cfn))) => format!(
            "`{}` (running the closure {} passes it)",
            holder_name(g, w),
            fn_display(&files[cf].model.fns[cfn])
        ),
        (None, None) => fn_display(&files[w.file].model.fns[w.func]),
    };
    let other_fns: Vec<String> = (0..k).filter(|&j| j != p).map(|j| who(choice[j])).collect();
    // the primary path passes the locks to a helper that takes them
    let here = match pw.call {
        Some(_) => format!(
            "the call here makes `{}` acquire `{b_name}` while holding `{a_name}`",
            files[pw.file].model.fns[pw.func].name
        ),
        None => match callback_caller(pw) {
            Some(_) => format!(
                "`{b_name}` is acquired here, in a closure that `{}` runs while it holds `{a_name}`",
                holder_name(g, pw)
            ),
            None => format!("`{b_name}` is acquired here while `{a_name}` is held"),
        },
    };
    let msg = if k == 2 {
        format!(
            "lock-order inversion: {here}, but {} acquires `{a_name}` while holding `{b_name}`: two threads taking the two orders at once deadlock",
            other_fns[0]
        )
    } else {
        let order: Vec<String> = (0..=k).map(|i| format!("`{}`", name(p + i))).collect();
        format!(
            "lock-order cycle of {k} locks: {} — each is acquired while the previous one is held (here `{b_name}` while holding `{a_name}`); {k} threads taking these paths at once deadlock",
            order.join(" -> ")
        )
    };
    // locks only read-locked on both sides: the deadlock needs a writer queued on each
    let read_read_locks: Vec<(usize, (usize, usize, usize))> = (0..k)
        .filter(|&j| read_read(choice[(j + 1) % k].held_mode, choice[j].want.mode))
        .filter_map(|j| Some(((j + 1) % k, *writers.get(cycle[(j + 1) % k])?)))
        .collect();
    let msg = match read_read_locks.as_slice() {
        [] => msg,
        rr => {
            let names: Vec<String> = rr.iter().map(|&(i, _)| format!("`{}`", name(i))).collect();
            let writers: Vec<String> = rr
                .iter()
                .map(|&(i, (wf, wfn, _))| {
                    let who = fn_display(&files[wf].model.fns[wfn]);
                    if rr.len() == 1 {
                        format!("as {who} does")
                    } else {
                        format!("{who} writes `{}`", name(i))
                    }
                })
                .collect();
            format!(
                "{msg} once a writer queues on {} ({} only read-locked on both paths, and std, parking_lot and tokio RwLocks make new readers wait behind a waiting writer: {})",
                names.join(" and "),
                if names.len() == 1 { "it is" } else { "each is" },
                writers.join(", "),
            )
        }
    };
    let mut d = LOCK_ORDER_INVERSION.diag(primary_file, primary_span, msg);
    let mut labelled: Vec<(String, Span)> = vec![(primary_file.to_string(), primary_span)];
    let mut push_label = |d: Diagnostic, file: &str, span: Span, text: String| -> Diagnostic {
        if labelled.iter().any(|(f, s)| f == file && *s == span) {
            return d;
        }
        labelled.push((file.to_string(), span));
        d.label_in(file, span, text)
    };
    for j in 0..k {
        let jj = (p + j) % k;
        let w = choice[jj];
        let (an, bn) = (name(jj), name(jj + 1));
        let root = &files[w.file].model.fns[w.func];
        let root_file = &files[w.file].path;
        let ha = acq(g, w.file, w.func, w.held);
        if let Some((cf, cfn, ci)) = w.call {
            let c = &files[cf].model.fns[cfn].calls[ci];
            d = push_label(
                d,
                files[cf].path,
                c.span,
                format!("`{}` called here: takes `{an}`, then `{bn}`", root.name),
            );
            d = d.note(format!(
                "{} calls `{}`, which holds `{an}` (as `{}`) and acquires `{bn}`",
                fn_display(&files[cf].model.fns[cfn]),
                root.name,
                ha.place.text.trim_start_matches('&'),
            ));
            continue;
        }
        d = push_label(
            d,
            root_file,
            ha.call_span,
            format!("`{an}` acquired here (in {})", fn_display(root)),
        );
        let wb = acq(g, w.want.file, w.want.func, w.want.acq);
        // a closure the root runs while it holds the lock
        if let Some((cf, cfn)) = callback_caller(w) {
            let &(pf, pfn, pci) = &w.want.path[0];
            let c = &files[pf].model.fns[pfn].calls[pci];
            let holder = holder_name(g, w);
            d = push_label(
                d,
                files[pf].path,
                c.span,
                format!("the closure passed here runs inside `{holder}` while it holds `{an}`"),
            );
            d = push_label(
                d,
                files[w.want.file].path,
                wb.call_span,
                format!("`{bn}` acquired here while `{an}` is held"),
            );
            d = d.note(format!(
                "`{holder}` holds `{an}` while it runs the closure {} passes it, and the closure acquires `{bn}`",
                fn_display(&files[cf].model.fns[cfn])
            ));
            continue;
        }
        for &(pf, pfn, pci) in w.want.path.iter().take(1) {
            let c = &files[pf].model.fns[pfn].calls[pci];
            let text = match crate::model::lock_graph::dropped_here(&files[pf].model.fns[pfn], c) {
                Some(what) => format!("{what} runs while `{an}` is held"),
                None => format!("called here while `{an}` is held"),
            };
            d = push_label(d, files[pf].path, c.span, text);
        }
        d = push_label(
            d,
            files[w.want.file].path,
            wb.call_span,
            format!("`{bn}` acquired here while `{an}` is held"),
        );
        // the path of calls
        let note = if w.want.path.is_empty() {
            format!("{} holds `{an}` and acquires `{bn}`", fn_display(root))
        } else {
            let mut chain: Vec<String> = Vec::new();
            for &(pf, pfn, _) in w.want.path.iter().skip(1) {
                chain.push(format!("`{}`", files[pf].model.fns[pfn].name));
            }
            chain.push(format!(
                "`{}`",
                files[w.want.file].model.fns[w.want.func].name
            ));
            format!(
                "{} holds `{an}` and calls {}, which acquires `{bn}`",
                fn_display(root),
                chain.join(" -> ")
            )
        };
        d = d.note(note);
    }
    for &(i, (wf, wfn, wa)) in &read_read_locks {
        let w = acq(g, wf, wfn, wa);
        d = push_label(
            d,
            files[wf].path,
            w.call_span,
            format!(
                "`{}` write-locked here (in {}): queued, it blocks the second reader",
                name(i),
                fn_display(&files[wf].model.fns[wfn])
            ),
        );
    }
    // a lock known under a second name: say where the name the labels use comes from
    for j in 0..k {
        let id = name(j);
        let others: Vec<String> =
            g.ws.index
                .lock_aliases
                .iter()
                .filter(|(_, c)| **c == id)
                .map(|(a, _)| format!("`{a}`"))
                .collect();
        if !others.is_empty() {
            d = d.note(format!(
                "{} {} `{id}` under another name: a clone of the same lock is stored there where the struct is built",
                others.join(", "),
                if others.len() == 1 { "is" } else { "are" },
            ));
        }
    }
    // one global order: the one every other edge already follows, starting at the lock this
    // path wants
    let help = if let (2, Some(_)) = (k, pw.call) {
        format!(
            "pick one global order: pass `{b_name}` and `{a_name}` to `{}` in the order {} uses, or have `{}` order the two locks itself (e.g. by a fixed rank or by address) before taking them",
            files[pw.file].model.fns[pw.func].name,
            other_fns[0],
            files[pw.file].model.fns[pw.func].name,
        )
    } else if k == 2 {
        format!(
            "pick one global order: acquire `{b_name}` before `{a_name}` everywhere, as {} does (here: release `{a_name}` before taking `{b_name}`, or take `{b_name}` first); or merge the two locks into one; or take `{b_name}` with `try_lock` and, when it is busy, release `{a_name}` and retry (back-off)",
            other_fns[0]
        )
    } else {
        let order: Vec<String> = (1..=k).map(|i| format!("`{}`", name(p + i))).collect();
        format!(
            "pick one global order, e.g. {} (the order the other paths already follow), and change this path, which takes `{b_name}` while holding `{a_name}`; or merge the locks; or take `{b_name}` with `try_lock` and back off (release `{a_name}` and retry) when it is busy",
            order.join(" before ")
        )
    };
    // this path takes the two locks in adjacent `let`s: swap them
    let ha = acq(g, pw.file, pw.func, pw.held);
    let pb = acq(g, pw.want.file, pw.want.func, pw.want.acq);
    // only for two locks, and when no other path takes them in this path's order: the swap
    // then leaves one order (else the next round would swap another path back)
    let swap = (k == 2
        && pw.call.is_none()
        && witnesses.get(p) == Some(&1)
        && pw.want.path.is_empty()
        && pw.want.file == pw.file
        && pw.want.func == pw.func)
        .then(|| {
            facts
                .iter()
                .find(|(p, _)| *p == primary_file)?
                .1
                .lock_swaps
                .iter()
                .find(|s| s.first == ha.call_span && s.second == pb.call_span)
        })
        .flatten();
    match swap {
        Some(s) => d.suggest_edits(
            format!(
                "take `{b_name}` first: swap the two acquisitions, so that this path follows the order {} follows",
                other_fns[0]
            ),
            crate::diagnostic::Applicability::MaybeIncorrect,
            s.edits.clone(),
        ),
        None => d.help(help),
    }
}

/// (parameter, call site, holding file, holding function): where a helper runs a closure
/// under some of its guards.
type HoldKey = (usize, (usize, usize, usize), usize, usize);

/// Whether a lock reached through calls is one object whoever calls: a lock reached through a
/// call on a trait ([`Reach::dispatched`](crate::model::lock_graph::Reach)) counts only where
/// it is a static. A field named by its type may belong to another layer of a decorator over
/// the same trait (`PartialDevice` wrapping a `dyn Device` that is a `CombinedDevice` holding
/// other devices), so the two orders need not involve the same two locks.
fn one_object(r: &crate::model::lock_graph::Reach) -> bool {
    !r.dispatched || r.node.identity.starts_with("static ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(names: &[String], edge: impl Fn(usize, usize) -> bool) -> BTreeMap<&str, Vec<&str>> {
        let mut adj: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (i, a) in names.iter().enumerate() {
            for (j, b) in names.iter().enumerate() {
                if i != j && edge(i, j) {
                    adj.entry(a.as_str()).or_default().push(b.as_str());
                }
            }
        }
        adj
    }

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("static L{i:03}")).collect()
    }

    #[test]
    fn an_acyclic_order_has_no_cycle_to_search() {
        // every ascending pair of 100 locks: the path search used to enumerate millions of
        // paths (57 s) to find nothing
        let n = names(100);
        let adj = graph(&n, |i, j| i < j);
        assert!(within_components(&adj).is_empty());
        assert_eq!(cycles(&within_components(&adj)), (Vec::new(), false));
    }

    #[test]
    fn components_keep_only_edges_on_cycles() {
        // 0 <-> 1, 1 -> 2, 2 -> 3 -> 4 -> 2
        let n = names(5);
        let e = [(0, 1), (1, 0), (1, 2), (2, 3), (3, 4), (4, 2)];
        let adj = graph(&n, |i, j| e.contains(&(i, j)));
        let kept = within_components(&adj);
        let kept: Vec<(&str, &str)> = kept
            .iter()
            .flat_map(|(a, bs)| bs.iter().map(move |b| (*a, *b)))
            .collect();
        let want: Vec<(&str, &str)> = e
            .iter()
            .filter(|&&p| p != (1, 2))
            .map(|&(i, j)| (n[i].as_str(), n[j].as_str()))
            .collect();
        let mut sorted = want.clone();
        sorted.sort();
        assert_eq!(kept, sorted);
        let (found, capped) = cycles(&within_components(&adj));
        assert_eq!(found.len(), 2);
        assert!(!capped);
    }

    #[test]
    fn the_cycle_cap_is_known_when_reached() {
        let n = names(12);
        let (found, capped) = cycles(&within_components(&graph(&n, |_, _| true)));
        assert_eq!(found.len(), MAX_CYCLES);
        assert!(capped);
        let (found, capped) = cycles(&within_components(&graph(&n[..3], |_, _| true)));
        assert_eq!(found.len(), 5);
        assert!(!capped);
    }
}
