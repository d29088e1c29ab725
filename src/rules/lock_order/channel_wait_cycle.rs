//! `channel-wait-cycle`: two tasks that each, inside the loop that receives the other's
//! messages, wait for the other: an awaited `send` into a bounded channel that only the
//! other task receives, or the reply to a request sent to the other task (a oneshot sender
//! carried in the message, awaited on its receiver), directly or in a function the loop
//! awaits. While one waits it drains nothing, so the other's wait never ends either: the
//! lock-order cycle of two queues.
//!
//! The facts are the model's ([`crate::model::channels`]): channel creations and operations
//! with their endpoint places. Here each endpoint gets a channel identity: a union of the
//! creation site's two names, the parameters a call binds them to, the struct fields a
//! literal stores them in, and, for a channel of one of the workspace's own types, its
//! element type (`mpsc::Sender<ToWorker>` and `mpsc::Receiver<ToWorker>`). A channel's
//! consumer is the one function that receives from it; a send waits only on a bounded
//! channel, never in a `select!` branch, under a `timeout`, or as `try_send`.
//!
//! With `RACELINT_DEBUG_CHANNELS` set, each receive loop found is printed to stderr with its
//! waits and the loop each one waits for (why a cycle did or did not close on real code).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::channels::{ChanOp, ChanOpKind};
use crate::model::lock_graph::{Graph, fn_display, in_file};
use crate::model::types::UseMap;
use crate::model::{Callee, FnModel, Place, Resolver, Root};
use crate::rules::declare_rule;

declare_rule! {
    pub static CHANNEL_WAIT_CYCLE = {
        id: "channel-wait-cycle",
        category: LOCK_ORDER,
        severity: Error,
        summary: "two tasks each wait, inside the loop that receives the other's messages, for the other (a bounded send or an awaited reply): both hang forever",
    }
}

/// How deep awaited calls are followed from a receive loop.
const DEPTH: usize = 3;

/// Union-find over endpoint names.
#[derive(Default)]
struct Uf {
    ids: HashMap<String, usize>,
    parent: Vec<usize>,
}

impl Uf {
    fn id(&mut self, k: &str) -> usize {
        if let Some(&i) = self.ids.get(k) {
            return i;
        }
        let i = self.parent.len();
        self.parent.push(i);
        self.ids.insert(k.to_string(), i);
        i
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    fn union(&mut self, a: &str, b: &str) {
        let (a, b) = (self.id(a), self.id(b));
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // the smaller id is the root: the classes do not depend on the order of unions
            let (lo, hi) = (a.min(b), a.max(b));
            self.parent[hi] = lo;
        }
    }
}

/// A channel endpoint type as written: `mpsc::Sender<T>`, `UnboundedReceiver<T>`,
/// `oneshot::Sender<T>`, through `Arc` / `Option` / `Vec` / map values.
#[derive(Clone, Debug)]
struct ChanTy {
    sender: bool,
    /// An async channel (tokio, futures, async-channel): its `send` is a future.
    asynch: bool,
    oneshot: bool,
    bounded: Option<bool>,
    elem: String,
}

const WRAPS: &[&str] = &[
    "Arc", "Rc", "Box", "Option", "Vec", "VecDeque", "Mutex", "RwLock", "RefCell", "Cell",
    "HashMap", "BTreeMap", "IndexMap", "DashMap", "SmallVec",
];

fn chan_ty(text: &str, uses: &UseMap) -> Option<ChanTy> {
    let ty: syn::Type = syn::parse_str(text).ok()?;
    chan_ty_of(&ty, uses, 0)
}

fn chan_ty_of(ty: &syn::Type, uses: &UseMap, depth: usize) -> Option<ChanTy> {
    if depth > 6 {
        return None;
    }
    let p = match ty {
        syn::Type::Reference(r) => return chan_ty_of(&r.elem, uses, depth + 1),
        syn::Type::Paren(p) => return chan_ty_of(&p.elem, uses, depth + 1),
        syn::Type::Path(p) => p,
        _ => return None,
    };
    let last = p.path.segments.last()?;
    let name = last.ident.to_string();
    let args: Vec<&syn::Type> = crate::model::syntax::type_args(last);
    if WRAPS.contains(&name.as_str()) {
        // a map's value, any other wrapper's first argument
        let inner = if name.ends_with("Map") {
            args.last()
        } else {
            args.first()
        };
        return chan_ty_of(inner?, uses, depth + 1);
    }
    let segs: Vec<String> = p
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let full = match uses.get(&segs[0]) {
        Some(f) => {
            let mut f = f.clone();
            for s in &segs[1..] {
                f.push_str("::");
                f.push_str(s);
            }
            f
        }
        None => segs.join("::"),
    };
    let parts: Vec<&str> = full.split("::").collect();
    let real = parts.last().copied().unwrap_or("");
    let sender = match real {
        "Sender" | "SyncSender" | "UnboundedSender" => true,
        "Receiver" | "UnboundedReceiver" => false,
        _ => return None,
    };
    // the channel crates (and a path through `mpsc` / `oneshot`); a workspace type named
    // `Sender` with no such path is not one
    let known = [
        "tokio",
        "std",
        "futures",
        "futures_channel",
        "flume",
        "async_channel",
        "crossbeam",
        "crossbeam_channel",
        "kanal",
        "mpsc",
        "oneshot",
    ];
    if !parts.iter().any(|s| known.contains(s)) {
        return None;
    }
    if parts.iter().any(|s| matches!(*s, "broadcast" | "watch")) {
        return None;
    }
    let oneshot = parts.contains(&"oneshot");
    let bounded = match real {
        "SyncSender" => Some(true),
        "UnboundedSender" | "UnboundedReceiver" => Some(false),
        _ if oneshot => None,
        _ if parts.contains(&"std") => Some(false),
        _ if parts.contains(&"tokio") || parts.contains(&"futures") => Some(true),
        _ => None,
    };
    let elem = args
        .first()
        .map(|t| crate::model::types::normalise(&quote::quote!(#t).to_string()))
        .unwrap_or_default();
    let asynch = ["tokio", "futures", "futures_channel", "async_channel"]
        .iter()
        .any(|c| parts.contains(c));
    Some(ChanTy {
        sender,
        asynch,
        oneshot,
        bounded,
        elem,
    })
}

/// An element type that names one of the workspace's own structs or enums (not `String`,
/// `Vec<u8>`, a tuple of primitives): channels of it are one channel.
fn specific(elem: &str, own: &HashSet<String>) -> bool {
    let base = elem.split('<').next().unwrap_or(elem).trim();
    let last = base.rsplit("::").next().unwrap_or(base).trim();
    own.contains(last)
}

/// What a task waits for.
#[derive(Clone, Debug)]
struct Wait {
    /// The channel (class root) whose consumer must move.
    chan: usize,
    /// A send into the bounded channel (`true`) or a request whose reply is awaited.
    bounded_send: bool,
    /// Where in the waiting function: the send, the awaited reply, or the call leading there.
    span: Span,
    /// The send's text (the endpoint), for the message.
    what: String,
    /// The bounded send waited on (file, op), directly or in a function called.
    site: Option<(usize, usize)>,
}

struct Cx<'g, 'w> {
    g: &'g mut Graph<'w>,
    uf: Uf,
    /// Each op's endpoint class and own type.
    op_class: Vec<Vec<usize>>,
    op_ty: Vec<Vec<Option<ChanTy>>>,
    /// Per class: bounded evidence (any true, any false), a creation or a channel type seen.
    bounded: HashMap<usize, (bool, bool)>,
    is_chan: HashSet<usize>,
    /// The classes holding a creation site.
    created: HashSet<usize>,
    /// Per class: the functions receiving from it.
    consumers: HashMap<usize, Vec<(usize, usize)>>,
    /// Ops by (file, func).
    by_fn: HashMap<(usize, usize), Vec<usize>>,
    memo: HashMap<(usize, usize), Vec<Wait>>,
}

fn local_key(fns: &[FnModel], file: usize, func: usize, name: &str, at: usize) -> String {
    let mut cur = Some(func);
    while let Some(ci) = cur {
        let pos = if ci == func { at } else { fns[func].span.start };
        if fns[ci].local(name, pos).is_some() {
            return format!("L{file}:{ci}:{name}");
        }
        cur = fns[ci].parent;
    }
    format!(
        "L{file}:{}:{name}",
        crate::model::func::outermost(fns, func)
    )
}

fn place_key(
    r: &Resolver,
    fns: &[FnModel],
    file: usize,
    func: usize,
    p: &Place,
    at: usize,
) -> String {
    // `let tx2 = tx.clone()`, `let tx = self.tx.clone()`: the place it names
    if let Some((q, qf, qat)) = crate::model::func::unalias_at(fns, func, p, at) {
        return place_key_direct(r, fns, file, qf, &q, qat);
    }
    place_key_direct(r, fns, file, func, p, at)
}

fn place_key_direct(
    r: &Resolver,
    fns: &[FnModel],
    file: usize,
    func: usize,
    p: &Place,
    at: usize,
) -> String {
    if let Root::Local(n) = &p.root
        && p.fields.is_empty()
    {
        return local_key(fns, file, func, n, at);
    }
    let id = r
        .resolve_at(fns, func, p, at)
        .map(|r| r.identity)
        .filter(|i| !i.is_empty())
        .unwrap_or_else(|| Resolver::fallback_identity(fns, func, p));
    in_file(id, file)
}

impl Cx<'_, '_> {
    fn class(&mut self, k: &str) -> usize {
        let i = self.uf.id(k);
        self.uf.find(i)
    }

    /// Whether the send `op` of `file` blocks while its channel is full.
    fn send_blocks(&mut self, file: usize, oi: usize, cls: usize) -> bool {
        let own = self.op_ty[file][oi].as_ref().and_then(|t| t.bounded);
        match own {
            Some(b) => b,
            None => matches!(self.bounded.get(&cls), Some((true, false))),
        }
    }

    /// The waits of function `func` of `file` inside `within` (a loop's span; the whole body
    /// for a called function), through awaited calls to `depth`.
    fn waits(&mut self, file: usize, func: usize, within: Span, depth: usize) -> Vec<Wait> {
        let files = self.g.files;
        let model = files[file].model;
        let fns = &model.fns;
        let facts = &model.channels;
        let f = &fns[func];
        let mut out = Vec::new();
        let ops = self.by_fn.get(&(file, func)).cloned().unwrap_or_default();
        for &oi in &ops {
            let op = &facts.ops[oi];
            if !within.encloses(op.span) || op.raced || facts.is_raced(op.span) {
                continue;
            }
            let cls = self.op_class[file][oi];
            match op.kind {
                ChanOpKind::Send => {
                    // a blocking send of a thread (std's `SyncSender`, crossbeam's and flume's
                    // bounded channels), not a future an async channel's `send` returns
                    let blocking = op.awaited
                        || op.method == "blocking_send"
                        || (op.method == "send"
                            && !f.is_async
                            && !self.op_ty[file][oi].as_ref().is_some_and(|t| t.asynch));
                    if blocking && self.is_chan.contains(&cls) && self.send_blocks(file, oi, cls) {
                        out.push(Wait {
                            chan: cls,
                            bounded_send: true,
                            span: op.span,
                            what: format!(
                                "{} `{}.{}(..)` into a bounded channel",
                                if op.awaited { "awaits" } else { "blocks in" },
                                op.endpoint.text,
                                op.method
                            ),
                            site: Some((file, oi)),
                        });
                    }
                }
                ChanOpKind::Await => {
                    // `rx.await` on a oneshot receiver created here, whose sender a send
                    // before it carried away
                    let Some(n) = facts.news.iter().find(|n| {
                        n.oneshot
                            && n.rx.as_deref() == Some(op.endpoint.text.as_str())
                            && n.span.end <= op.span.start
                            && fns[n.func].span.encloses(op.span)
                    }) else {
                        continue;
                    };
                    let Some(tx) = n.tx.clone() else { continue };
                    let carrier = ops.iter().copied().find(|&si| {
                        let s = &facts.ops[si];
                        s.kind == ChanOpKind::Send
                            && s.span.start >= n.span.end
                            && s.span.end <= op.span.start
                            && s.carried.contains(&tx)
                    });
                    if let Some(si) = carrier {
                        let scls = self.op_class[file][si];
                        if self.is_chan.contains(&scls) {
                            out.push(Wait {
                                chan: scls,
                                bounded_send: false,
                                span: op.span,
                                what: format!(
                                    "awaits the reply to a request sent with `{}.{}(..)`",
                                    facts.ops[si].endpoint.text, facts.ops[si].method
                                ),
                                site: None,
                            });
                        }
                    }
                }
                ChanOpKind::Recv => {}
            }
        }
        if depth >= DEPTH {
            return out;
        }
        for c in &f.calls {
            if !within.encloses(c.span) || facts.is_raced(c.span) {
                continue;
            }
            if matches!(c.callee, Callee::Closure { .. }) {
                continue;
            }
            let Some((cf, cfn)) = self.g.callee(file, func, c) else {
                continue;
            };
            let callee = &files[cf].model.fns[cfn];
            if callee.spawned || (cf, cfn) == (file, func) {
                continue;
            }
            if callee.is_async && !facts.awaited(c.span) {
                continue;
            }
            let inner = match self.memo.get(&(cf, cfn)) {
                Some(w) => w.clone(),
                None => {
                    // a recursive call sees no waits of the function it is already in
                    self.memo.insert((cf, cfn), Vec::new());
                    let body = callee.body;
                    let w = self.waits(cf, cfn, body, depth + 1);
                    self.memo.insert((cf, cfn), w.clone());
                    w
                }
            };
            for w in inner {
                out.push(Wait {
                    chan: w.chan,
                    bounded_send: w.bounded_send,
                    span: c.span,
                    what: format!("calls `{}`, which {}", callee.name, w.what),
                    site: w.site,
                });
            }
        }
        out
    }
}

/// A receive loop: a function, one of its loops, and the channels received in it.
struct RecvLoop {
    file: usize,
    func: usize,
    span: Span,
    drains: Vec<usize>,
    /// A receive op per drained channel (for the label).
    recv_at: Vec<Span>,
}

pub fn check_workspace(g: &mut Graph, out: &mut Vec<Diagnostic>) {
    let files = g.files;
    if files.iter().all(|f| f.model.channels.ops.is_empty()) {
        return;
    }
    let own: HashSet<String> = files
        .iter()
        .flat_map(|f| {
            f.model
                .index
                .structs
                .keys()
                .cloned()
                .chain(f.model.channels.enums.iter().cloned())
        })
        .collect();
    let mut cx = Cx {
        g,
        uf: Uf::default(),
        op_class: Vec::new(),
        op_ty: Vec::new(),
        bounded: HashMap::new(),
        is_chan: HashSet::new(),
        created: HashSet::new(),
        consumers: HashMap::new(),
        by_fn: HashMap::new(),
        memo: HashMap::new(),
    };
    // endpoint keys of every op, and the local names that are endpoints per file
    let mut op_keys: Vec<Vec<String>> = Vec::new();
    let mut endpoint_names: Vec<HashSet<String>> = Vec::new();
    let mut new_nodes: Vec<(String, Option<bool>)> = Vec::new();
    for (fi, wf) in files.iter().enumerate() {
        let model = wf.model;
        let fns = &model.fns;
        let r = cx.g.ws.resolver_in(fi);
        let uses = &model.index.uses;
        let mut keys = Vec::new();
        let mut tys = Vec::new();
        let mut names = HashSet::new();
        for n in &model.channels.news {
            let node = format!("new:{fi}:{}", n.span.start);
            for name in [&n.tx, &n.rx].into_iter().flatten() {
                let k = local_key(fns, fi, n.func, name, n.span.end);
                cx.uf.union(&node, &k);
                names.insert(name.clone());
            }
            new_nodes.push((node, if n.oneshot { None } else { n.bounded }));
        }
        for op in &model.channels.ops {
            let k = place_key(&r, fns, fi, op.func, &op.endpoint, op.span.start);
            let ty = r
                .resolve_at(fns, op.func, &op.endpoint, op.span.start)
                .and_then(|res| chan_ty(&res.ty.text, uses));
            if let Some(t) = &ty
                && specific(&t.elem, &own)
            {
                let tk = format!("type:{}:{}", t.oneshot, t.elem);
                cx.uf.union(&k, &tk);
            }
            if let Root::Local(n) = &op.endpoint.root {
                names.insert(n.clone());
            }
            keys.push(k);
            tys.push(ty);
        }
        op_keys.push(keys);
        cx.op_ty.push(tys);
        endpoint_names.push(names);
    }
    // arguments bound to channel parameters, locals stored in struct fields
    let callers = cx.g.callers();
    let mut targets: Vec<&(usize, usize)> = callers.keys().collect();
    targets.sort();
    for &(tf, tfn) in targets {
        let callee = &files[tf].model.fns[tfn];
        if callee.params.is_empty() {
            continue;
        }
        let tuses = &files[tf].model.index.uses;
        let chan_params: Vec<Option<String>> = callee
            .params
            .iter()
            .map(|p| {
                let l = callee.local(p, usize::MAX)?;
                let t = l.ty.as_ref()?;
                chan_ty(&t.text, tuses).map(|_| p.clone())
            })
            .collect();
        for &(cf, cfn, k) in &callers[&(tf, tfn)] {
            let fns = &files[cf].model.fns;
            let c = &fns[cfn].calls[k];
            // `Type::method(x, ..)` passes the receiver first
            if matches!(c.callee, Callee::Path { .. })
                && callee.self_ty.is_some()
                && callee.kind == crate::model::FnKind::Method
            {
                continue;
            }
            for (i, ap) in c.arg_places.iter().enumerate() {
                let Some(p) = ap else { continue };
                let Some(Some(param)) = chan_params.get(i) else {
                    let named = matches!(&p.root, Root::Local(n) if p.fields.is_empty() && endpoint_names[cf].contains(n));
                    if !named {
                        continue;
                    }
                    let Some(param) = callee.params.get(i).filter(|p| !p.is_empty()) else {
                        continue;
                    };
                    let r = cx.g.ws.resolver_in(cf);
                    let a = place_key(&r, fns, cf, cfn, p, c.span.start);
                    let b = local_key(&files[tf].model.fns, tf, tfn, param, usize::MAX);
                    cx.uf.union(&a, &b);
                    continue;
                };
                let r = cx.g.ws.resolver_in(cf);
                let a = place_key(&r, fns, cf, cfn, p, c.span.start);
                let b = local_key(&files[tf].model.fns, tf, tfn, param, usize::MAX);
                cx.uf.union(&a, &b);
            }
        }
    }
    for (fi, wf) in files.iter().enumerate() {
        let fns = &wf.model.fns;
        for (func, f) in fns.iter().enumerate() {
            for init in &f.field_inits {
                let Root::Local(n) = &init.source.root else {
                    continue;
                };
                if !init.source.fields.is_empty() || !endpoint_names[fi].contains(n) {
                    continue;
                }
                let owner = if init.owner == "Self" {
                    match &fns[crate::model::func::outermost(fns, func)].self_ty {
                        Some(t) => t.clone(),
                        None => continue,
                    }
                } else {
                    init.owner
                        .rsplit("::")
                        .next()
                        .unwrap_or(&init.owner)
                        .to_string()
                };
                let a = local_key(fns, fi, func, n, init.at);
                cx.uf.union(&a, &format!("{owner}.{}", init.field));
            }
        }
    }
    // classes
    for (node, b) in &new_nodes {
        let c = cx.class(node);
        cx.is_chan.insert(c);
        cx.created.insert(c);
        let e = cx.bounded.entry(c).or_default();
        match b {
            Some(true) => e.0 = true,
            Some(false) => e.1 = true,
            None => {}
        }
    }
    for (fi, keys) in op_keys.iter().enumerate() {
        let mut classes = Vec::new();
        for (oi, k) in keys.iter().enumerate() {
            let c = cx.class(k);
            classes.push(c);
            if let Some(t) = &cx.op_ty[fi][oi] {
                cx.is_chan.insert(c);
                if t.sender {
                    let e = cx.bounded.entry(c).or_default();
                    match t.bounded {
                        Some(true) => e.0 = true,
                        Some(false) => e.1 = true,
                        None => {}
                    }
                }
            }
        }
        cx.op_class.push(classes);
    }
    // consumers: the functions receiving from each channel (test code left out)
    let mut loops: Vec<RecvLoop> = Vec::new();
    for (fi, wf) in files.iter().enumerate() {
        let model = wf.model;
        for (oi, op) in model.channels.ops.iter().enumerate() {
            if model.in_test(op.span) {
                continue;
            }
            cx.by_fn.entry((fi, op.func)).or_default().push(oi);
            if op.kind != ChanOpKind::Recv {
                continue;
            }
            let cls = cx.op_class[fi][oi];
            // `iter()` / `next()` / `for m in rx` only on an endpoint typed as a receiver
            let generic = matches!(op.method.as_str(), "iter" | "next" | "into_iter");
            let typed_rx = cx.op_ty[fi][oi].as_ref().is_some_and(|t| !t.sender);
            if !cx.is_chan.contains(&cls) || (generic && !typed_rx && !cx.created.contains(&cls)) {
                continue;
            }
            let cons = cx.consumers.entry(cls).or_default();
            if !cons.contains(&(fi, op.func)) {
                cons.push((fi, op.func));
            }
        }
    }
    // (file, fn, loop span) -> its position in `loops`
    let mut loop_at: HashMap<(usize, usize, Span), usize> = HashMap::new();
    for (fi, wf) in files.iter().enumerate() {
        let model = wf.model;
        let fns = &model.fns;
        if !model
            .channels
            .ops
            .iter()
            .any(|o| o.kind == ChanOpKind::Recv)
        {
            continue;
        }
        let mut file_loops = model.loops.clone();
        file_loops.sort();
        for (oi, op) in model.channels.ops.iter().enumerate() {
            if op.kind != ChanOpKind::Recv || model.in_test(op.span) {
                continue;
            }
            let cls = cx.op_class[fi][oi];
            if cx
                .consumers
                .get(&cls)
                .is_none_or(|c| c.len() != 1 || c[0] != (fi, op.func))
            {
                continue;
            }
            // the loops of the receiving function around the receive (sorted by start: only
            // the ones starting inside the function's body, before the receive, are looked at)
            let body = fns[op.func].body;
            let lo = file_loops.partition_point(|l| l.start < body.start);
            let hi = file_loops.partition_point(|l| l.start <= op.span.start);
            for l in file_loops[lo..hi.max(lo)]
                .iter()
                .filter(|l| l.encloses(op.span) && body.encloses(**l))
            {
                match loop_at.get(&(fi, op.func, *l)) {
                    Some(&x) => {
                        let x = &mut loops[x];
                        if !x.drains.contains(&cls) {
                            x.drains.push(cls);
                            x.recv_at.push(op.span);
                        }
                    }
                    None => {
                        loop_at.insert((fi, op.func, *l), loops.len());
                        loops.push(RecvLoop {
                            file: fi,
                            func: op.func,
                            span: *l,
                            drains: vec![cls],
                            recv_at: vec![op.span],
                        });
                    }
                }
            }
        }
    }
    // each loop's waits, and who each waits for
    let mut edges: Vec<(usize, Vec<(Wait, usize)>)> = Vec::new();
    let mut drainer: HashMap<usize, Vec<usize>> = HashMap::new();
    for (li, l) in loops.iter().enumerate() {
        for &c in &l.drains {
            drainer.entry(c).or_default().push(li);
        }
    }
    for (li, l) in loops.iter().enumerate() {
        let ws = cx.waits(l.file, l.func, l.span, 0);
        let mut targets = Vec::new();
        for w in ws {
            let Some(ms) = drainer.get(&w.chan) else {
                continue;
            };
            for &m in ms {
                if (loops[m].file, loops[m].func) != (l.file, l.func) {
                    targets.push((w.clone(), m));
                }
            }
        }
        if std::env::var_os("RACELINT_DEBUG_CHANNELS").is_some() {
            let f = &files[l.file].model.fns[l.func];
            let named: Vec<String> = targets
                .iter()
                .map(|(w, m)| {
                    format!(
                        "{} -> {}",
                        w.what, files[loops[*m].file].model.fns[loops[*m].func].name
                    )
                })
                .collect();
            eprintln!(
                "channel loop {} {} drains {:?}: {named:?}",
                files[l.file].path, f.name, l.drains
            );
        }
        edges.push((li, targets));
    }
    let edge_map: BTreeMap<usize, &Vec<(Wait, usize)>> =
        edges.iter().map(|(l, t)| (*l, t)).collect();
    let mut reported: HashSet<((usize, usize), (usize, usize))> = HashSet::new();
    for (&a, ta) in &edge_map {
        for (wa, b) in ta.iter() {
            let Some(tb) = edge_map.get(b) else { continue };
            let Some((wb, _)) = tb.iter().find(|(_, x)| *x == a) else {
                continue;
            };
            let (la, lb) = (&loops[a], &loops[*b]);
            let (ka, kb) = ((la.file, la.func), (lb.file, lb.func));
            if ka > kb || !reported.insert((ka, kb)) {
                continue;
            }
            if lockstep(&cx, la, lb, wa, wb) || lockstep(&cx, lb, la, wb, wa) {
                continue;
            }
            out.push(report(files, la, lb, wa, wb));
        }
    }
}

/// Whether the two loops of a cycle run in lockstep, one request and one reply: loop `la`
/// sends into the channel `lb` drains (`wa`) and only then receives `lb`'s reply, and `lb`
/// receives that request before it sends its reply (`wb`), each with the only send into its
/// channel, written in the loop itself. A request is sent only after the previous reply was
/// taken, and a reply only after a request, so at most one message is in flight in the whole
/// cycle: no channel can be full when sent into (a capacity of one suffices), and neither
/// send waits. A `continue` of the requesting loop between its send and its receive could
/// skip the receive and send twice: then the loops are not taken for lockstep (a `break`, a
/// `return` or a `?` there ends the requests).
fn lockstep(cx: &Cx, la: &RecvLoop, lb: &RecvLoop, wa: &Wait, wb: &Wait) -> bool {
    let files = cx.g.files;
    // the loop's own send of `w`, and its receive of the channel the other loop's send feeds
    let own_send = |l: &RecvLoop, w: &Wait| -> Option<Span> {
        let (file, oi) = w.site?;
        let op = &files[file].model.channels.ops[oi];
        (w.bounded_send && file == l.file && op.func == l.func && l.span.encloses(op.span))
            .then_some(op.span)
    };
    let recv_of = |l: &RecvLoop, chan: usize| -> Option<Span> {
        let i = l.drains.iter().position(|&c| c == chan)?;
        l.recv_at.get(i).copied()
    };
    // every send into `chan` in the workspace (test code left out) is the one at `at`
    let only_send = |chan: usize, at: (usize, usize)| {
        files.iter().enumerate().all(|(fi, wf)| {
            wf.model.channels.ops.iter().enumerate().all(|(oi, op)| {
                op.kind != ChanOpKind::Send
                    || wf.model.in_test(op.span)
                    || cx.op_class[fi][oi] != chan
                    || (fi, oi) == at
            })
        })
    };
    let (Some(send_a), Some(send_b)) = (own_send(la, wa), own_send(lb, wb)) else {
        return false;
    };
    let (Some(reply_a), Some(request_b)) = (recv_of(la, wb.chan), recv_of(lb, wa.chan)) else {
        return false;
    };
    let fa = &files[la.file].model.fns[la.func];
    send_a.end <= reply_a.start
        && request_b.end <= send_b.start
        && !fa
            .continues
            .iter()
            .any(|e| send_a.end <= e.start && e.start < reply_a.start)
        && wa.site.is_some_and(|s| only_send(wa.chan, s))
        && wb.site.is_some_and(|s| only_send(wb.chan, s))
}

fn chan_name(l: &RecvLoop, chan: usize, files: &[crate::model::WsFile]) -> String {
    let i = l.drains.iter().position(|&c| c == chan).unwrap_or(0);
    let at = l.recv_at[i];
    let facts = &files[l.file].model.channels;
    facts
        .ops
        .iter()
        .find(|o| o.span == at)
        .map(|o: &ChanOp| o.endpoint.text.clone())
        .unwrap_or_default()
}

fn report(
    files: &[crate::model::WsFile],
    la: &RecvLoop,
    lb: &RecvLoop,
    wa: &Wait,
    wb: &Wait,
) -> Diagnostic {
    let fa = &files[la.file].model.fns[la.func];
    let fb = &files[lb.file].model.fns[lb.func];
    let (mut na, mut nb) = (fn_display(fa), fn_display(fb));
    if na == nb {
        // two tasks spawned in one function
        na = format!("`{}`", fa.name);
        nb = format!("`{}`", fb.name);
    }
    // the channel each one drains and the other waits on
    let ca = chan_name(la, wb.chan, files);
    let cb = chan_name(lb, wa.chan, files);
    let when = match (wa.bounded_send, wb.bounded_send) {
        (true, true) => "once both channels are full".to_string(),
        (true, false) => format!("once `{cb}` is full while {nb} waits for its reply"),
        (false, true) => format!("once `{ca}` is full while {na} waits for its reply"),
        (false, false) => "when both requests are in flight at once".to_string(),
    };
    let (pa, pb) = (files[la.file].path, files[lb.file].path);
    let d = CHANNEL_WAIT_CYCLE
        .diag(
            pa,
            wa.span,
            format!(
                "deadlock: {na}, in the loop that receives from `{ca}`, {} that only {nb} receives from (`{cb}`); {nb}, in its loop, {} that only {na} drains: {when}, each waits for the other and both hang forever",
                wa.what, wb.what,
            ),
        )
        .label(la.recv_at[la.drains.iter().position(|&c| c == wb.chan).unwrap_or(0)], format!("{na} receives `{ca}` here"))
        .label_in(pb, wb.span, format!("{nb} waits here for {na}"))
        .label_in(pb, lb.recv_at[lb.drains.iter().position(|&c| c == wa.chan).unwrap_or(0)], format!("{nb} receives `{cb}` here"));
    match try_send(files, pa, [wa, wb]) {
        Some((msg, edits)) => d.suggest_edits(msg, Applicability::MaybeIncorrect, edits),
        None => d.help(
            "make one side not wait inside its receive loop: `try_send` (and handle a full queue), an unbounded channel, a `select!` that keeps receiving while it waits, or a task spawned for the wait; no rewrite is given because both sides use the send's result or await a reply, so what to do when the queue is full is a choice of yours",
        ),
    }
}

/// The edits that make one of the two waits a `try_send`: a bounded send (in the loop or in
/// a function it calls) whose result its statement already throws away
/// ([`crate::model::channels::ChanOp::discarded`]), so the code after it runs whether the
/// send failed or not; `send(v).await` becomes `try_send(v)`, which fails at once while the
/// channel is full instead of waiting. Maybe incorrect: the message is then dropped, which
/// the program may not tolerate. `None` when neither wait is such a send (a send whose
/// error is handled, `?`-propagated or unwrapped, or a reply awaited): which message may be
/// lost, or what to do instead, is a human choice.
fn try_send(
    files: &[crate::model::WsFile],
    diag_path: &str,
    waits: [&Wait; 2],
) -> Option<(String, Vec<Edit>)> {
    waits.iter().find_map(|w| {
        let (file, oi) = w.site?;
        let op = files[file].model.channels.ops.get(oi)?;
        let d = op.discarded?;
        let path = files[file].path;
        let edit = |span: Span, r: &str| Edit {
            file: (path != diag_path).then(|| path.to_string()),
            span,
            replacement: r.to_string(),
        };
        let mut edits = vec![edit(d.method, "try_send")];
        if d.awaited.end > d.awaited.start {
            edits.push(edit(d.awaited, ""));
        }
        let msg = format!(
            "send with `try_send` instead of waiting for room: `{}.try_send(..)` fails at once while the channel is full, so that loop goes on receiving and the cycle cannot close; the message is then dropped, as when the send failed before (its result was already ignored): if it must not be lost, use an unbounded channel or a spawned task for the send instead",
            op.endpoint.text
        );
        Some((msg, edits))
    })
}
