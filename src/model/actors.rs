//! Who else can act: evidence that a second actor (another thread, task or process) can run
//! between a check and an act, and evidence that none can.
//!
//! A race needs two actors. Code whose only actor is itself — a one-shot command writing its
//! own output, a worker that alone owns a directory, a method that holds `&mut self` — cannot
//! race however the check and the act are placed. The rules ask here before they report.

use super::FileModel;
use super::func::FnModel;
use crate::diagnostic::Span;

/// The words of a piece of source text: identifiers and the contents of string literals,
/// comments left out.
#[derive(Default, Debug)]
pub struct Words {
    pub idents: Vec<String>,
    /// The identifiers directly followed by `(`: calls (`temp_dir()`), not variables.
    pub calls: Vec<String>,
    pub strings: Vec<String>,
}

impl Words {
    fn has_ident(&self, want: &[&str]) -> Option<&str> {
        self.idents
            .iter()
            .find(|i| want.contains(&i.as_str()))
            .map(String::as_str)
    }
}

/// Lexes `text` into [`Words`] without parsing it (a bounded, linear scan).
pub fn words(text: &str) -> Words {
    let b = text.as_bytes();
    let mut w = Words::default();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if c == b'/' && b.get(i + 1) == Some(&b'*') {
            i += 2;
            while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                i += 1;
            }
            i += 2;
        } else if c == b'"' {
            let start = i + 1;
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            if let Some(s) = text.get(start..i.min(b.len())) {
                w.strings.push(s.to_string());
            }
            i += 1;
        } else if c == b'\'' {
            // a char literal or a lifetime: skip the quote and one character
            i += 2;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            let ident = text[start..i].to_string();
            let mut j = i;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            if b.get(j) == Some(&b'(') {
                w.calls.push(ident.clone());
            }
            w.idents.push(ident);
        } else {
            i += 1;
        }
    }
    w
}

/// Whether an expression's text reads any value (a variable, `self`, a field), rather than only
/// calling functions with nothing (`connect()`, `fetch_token().await`).
pub fn has_inputs(text: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "await", "async", "move", "as", "if", "else", "match", "let", "mut", "ref", "return",
        "true", "false", "unwrap", "expect", "into", "clone",
    ];
    let w = words(text);
    w.idents
        .iter()
        .any(|i| !w.calls.contains(i) && !KEYWORDS.contains(&i.as_str()))
}

/// Calls that name a location every instance of a program shares.
const SHARED_LOCATIONS: &[&str] = &[
    "temp_dir",
    "tempdir",
    "cache_dir",
    "data_dir",
    "data_local_dir",
    "runtime_dir",
    "state_dir",
];

/// Literal prefixes and variables of shared locations.
const SHARED_LITERALS: &[&str] = &["/tmp", "/var/tmp", "/dev/shm", "/run/"];
const SHARED_VARS: &[&str] = &["TMPDIR", "TEMP", "TMP", "LOCALAPPDATA", "APPDATA"];

/// Code that is written for another process or thread acting on the same files: exclusive
/// creation, handling `AlreadyExists`, file locks.
const ANTICIPATES: &[&str] = &[
    "AlreadyExists",
    "create_new",
    "persist_noclobber",
    "lock_exclusive",
    "try_lock_exclusive",
    "try_lock_shared",
    "flock",
    "FileLock",
    "LockFile",
];

/// Staging into a temporary file or directory and renaming it into place.
const STAGES: &[&str] = &["tempdir_in", "tempfile_in", "NamedTempFile", "new_in"];
const PUBLISHES: &[&str] = &["rename", "persist"];

/// `snake_case` / `CamelCase` words of an identifier, lower-cased.
fn segments(ident: &str) -> impl Iterator<Item = String> + '_ {
    ident
        .split('_')
        .flat_map(|s| {
            let mut parts = Vec::new();
            let mut cur = String::new();
            for ch in s.chars() {
                if ch.is_uppercase() && !cur.is_empty() {
                    parts.push(std::mem::take(&mut cur));
                }
                cur.push(ch.to_ascii_lowercase());
            }
            if !cur.is_empty() {
                parts.push(cur);
            }
            parts
        })
        .filter(|s| !s.is_empty())
}

/// The function `fi` and its enclosing closures / async blocks up to the named function.
fn chain(model: &FileModel, fi: usize) -> Vec<&FnModel> {
    let mut out = Vec::new();
    let mut cur = Some(fi);
    while let Some(i) = cur {
        let Some(f) = model.fns.get(i) else { break };
        out.push(f);
        if out.len() > 64 {
            break;
        }
        cur = f.parent;
    }
    out
}

/// The text a value at `span` (used in function `fi`) is computed from: the expression and,
/// through `let` bindings, the initialisers it depends on (bounded).
fn origin_texts<'t>(model: &FileModel, text: &'t str, fi: usize, span: Span) -> Vec<&'t str> {
    let fns = chain(model, fi);
    let slice = |s: Span| text.get(s.start..s.end).unwrap_or("");
    let mut out = vec![slice(span)];
    let mut todo: Vec<(String, usize)> = words(slice(span))
        .idents
        .into_iter()
        .map(|n| (n, span.start))
        .collect();
    let mut seen: Vec<String> = Vec::new();
    while let Some((name, at)) = todo.pop() {
        if seen.len() > 32 || seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        let Some(b) = fns.iter().find_map(|f| f.binding(&name, at)) else {
            continue;
        };
        let Some(init) = b.init else { continue };
        out.push(slice(init));
        for d in &b.deps {
            todo.push((d.clone(), b.span.start));
        }
    }
    out
}

/// A `&self` method of a type this file shares between threads: two callers can run it at
/// once. The evidence is the file's type facts ([`shared_in_file`]), not its text: a comment
/// that mentions `Arc<Name>` shares nothing.
fn shared_receiver(model: &FileModel, text: &str, top: &FnModel) -> Option<String> {
    let ty = top.self_ty.as_deref()?;
    if top.self_exclusive || top.kind != super::FnKind::Method {
        return None;
    }
    let name = ty.rsplit("::").next().unwrap_or(ty);
    let name = name.split('<').next().unwrap_or(name).trim();
    let how = shared_in_file(model, text, name)?;
    Some(format!(
        "`{name}` is shared between threads ({how}): two callers can run this method at once"
    ))
}

/// Where the file puts a value of type `name` where several threads reach it: a struct
/// field, a static, a local or a typed parameter whose type holds it behind an `Arc`
/// (`Arc<Name>`, `Arc<RwLock<Name>>`, [`super::types::arc_holds`]), a type alias that does,
/// a `static` of the type itself (`static S: LazyLock<Name>`), a function returning it in an
/// `Arc`, or a value of it built into an `Arc` (`Arc::new(Name::new(..))`,
/// `Arc::new(Name { .. })`). Describes the first found.
pub fn shared_in_file(model: &FileModel, text: &str, name: &str) -> Option<String> {
    use super::types::arc_holds;
    let ix = &model.index;
    for (owner, fields) in &ix.structs {
        for (field, t) in fields {
            if arc_holds(&t.text, name) {
                return Some(format!("field `{owner}.{field}: {}`", t.text));
            }
        }
    }
    let word = |t: &str| {
        t.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == name)
    };
    for (s, info) in &ix.statics {
        if arc_holds(&info.ty.text, name) || word(&info.ty.text) {
            return Some(format!("static `{s}: {}`", info.ty.text));
        }
    }
    for (alias, a) in &ix.type_aliases {
        if arc_holds(&a.body, name) {
            return Some(format!("`type {alias} = {}`", a.body));
        }
    }
    for f in &model.fns {
        if let Some(l) = f
            .locals
            .iter()
            .find(|l| l.ty.as_ref().is_some_and(|t| arc_holds(&t.text, name)))
        {
            let t = l.ty.as_ref().map(|t| t.text.as_str()).unwrap_or("");
            return Some(format!("`{}: {t}` in `{}`", l.name, f.name));
        }
        // the return type (`fn open(..) -> Arc<Name>`), parsed: a comment is no type
        let sig = text.get(f.span.start..f.body.start).unwrap_or("");
        for (at, _) in sig.match_indices("->") {
            let ret = &sig[at + 2..];
            let ret = ret.split(" where").next().unwrap_or(ret).trim();
            if arc_holds(ret, name) {
                return Some(format!("`{}` returns `{ret}`", f.name));
            }
        }
        for c in &f.ctor_sites {
            let super::func::Callee::Path { segments } = &c.callee else {
                continue;
            };
            if segments.len() != 2 || segments[0] != "Arc" || segments[1] != "new" {
                continue;
            }
            let call = text.get(c.span.start..c.span.end).unwrap_or("");
            let Some(open) = call.find('(') else { continue };
            let arg = call[open + 1..].trim_start();
            if arg.starts_with(name)
                && !arg[name.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            {
                return Some(format!("`Arc::new({name}..)` in `{}`", f.name));
            }
        }
    }
    None
}

/// Why another process or thread can act on the filesystem path at `path` (in function `fi`)
/// while this code runs, or `None` when nothing says so: then the path is taken to belong to
/// this program alone (a command's own output, a directory one owner manages).
pub fn fs_second_actor(
    model: &FileModel,
    text: &str,
    fi: usize,
    path: Span,
    scope: Option<Span>,
    act_at: usize,
) -> Option<String> {
    let fns = chain(model, fi);
    // a claim on the path's key held over the window keeps the other threads of this program
    // out (not other processes: the locations every instance shares are still checked below)
    let claimed = claim_across(model, text, fi, path, act_at).is_some();
    if fns.iter().any(|f| f.spawned) && !claimed {
        return Some("the code runs in a spawned thread or task, concurrently with others".into());
    }
    for t in origin_texts(model, text, fi, path) {
        let w = words(t);
        if let Some(call) = w
            .calls
            .iter()
            .find(|c| SHARED_LOCATIONS.contains(&c.as_str()))
        {
            return Some(format!(
                "the path is under `{call}()`, a location every instance of the program shares"
            ));
        }
        if let Some(s) = w.strings.iter().find(|s| {
            SHARED_LITERALS.iter().any(|p| s.starts_with(p))
                || SHARED_VARS.contains(&s.as_str())
                || s.starts_with("XDG_")
        }) {
            return Some(format!(
                "the path is under `{s}`, a location every instance of the program shares"
            ));
        }
        // a variable, field or function named for a cache (`cache_dir`, `self.cache_root`),
        // not a type that mentions one (`GlobalCacheTracker`)
        if let Some(i) = w.idents.iter().find(|i| {
            i.starts_with(|c: char| c.is_lowercase()) && segments(i).any(|s| s == "cache")
        }) {
            return Some(format!(
                "the path is in a cache (`{i}`), which concurrent instances of the program share"
            ));
        }
        // a pid file exists to be seen by other instances (a lock file's name says less:
        // `Cargo.lock` locks versions, not processes; real lock files are taken with
        // `create_new` or `flock`, below)
        if let Some(i) = w
            .idents
            .iter()
            .find(|i| segments(i).any(|s| s == "pid" || s == "pidfile"))
        {
            return Some(format!(
                "`{i}` is a pid file, whose purpose is to be seen by other instances"
            ));
        }
        if let Some(s) = w.strings.iter().find(|s| s.ends_with(".pid")) {
            return Some(format!(
                "`{s}` is a pid file, whose purpose is to be seen by other instances"
            ));
        }
    }
    // the enclosing named function prepares for another writer itself
    let top = fns.last()?;
    if !claimed && let Some(shared) = shared_receiver(model, text, top) {
        return Some(shared);
    }
    // in the innermost `match` arm around the path (one arm of a dispatcher does not speak
    // for another), else in the whole function
    let (from, to) = match scope {
        Some(sc) if top.body.encloses(sc) => (sc.start, sc.end),
        _ => (top.body.start, top.body.end),
    };
    let body = words(text.get(from..to.max(from)).unwrap_or(""));
    if let Some(i) = body.has_ident(ANTICIPATES) {
        return Some(format!(
            "this function prepares for another process acting on the same files (`{i}`)"
        ));
    }
    if body.has_ident(STAGES).is_some()
        && let Some(p) = body.has_ident(PUBLISHES)
    {
        return Some(format!(
            "this function stages files and `{p}`s them into place, which is how concurrent writers are kept apart"
        ));
    }
    None
}

/// Why at most one actor at a time runs the atomic operation `op` (in function `fi`) on the
/// state it reaches, or `None`: the enclosing method holds `self` exclusively (`&mut self`,
/// `self`) or its type is not `Sync` (it owns a `RefCell`, `Cell` or `Rc`), the atomic is
/// reached through `self`, and no enclosing closure is spawned. Another actor could still hold
/// a clone of the atomic, but a check and an act that only this actor performs cannot be
/// interleaved by a second run of themselves.
pub fn single_actor(
    model: &FileModel,
    text: &str,
    fi: usize,
    op: &super::AtomicOp,
) -> Option<String> {
    let top = self_run(model, text, fi, op)?;
    exclusive_receiver(model, model.fns.get(top)?)
}

/// The named method whose run performs the atomic operation `op` (in function `fi`) on state
/// reached through its `self`, with no enclosing closure spawned, or `None`. Two runs of the
/// check and the act there interleave only when two actors run that method on one value at
/// once: not when the method holds `self` exclusively ([`single_actor`]), nor when every
/// caller runs it on a value held so (a workspace fact: [`SoleWriters::exclusive_self`]).
pub fn self_run(model: &FileModel, text: &str, fi: usize, op: &super::AtomicOp) -> Option<usize> {
    let fns = chain(model, fi);
    if fns.iter().any(|f| f.spawned) {
        return None;
    }
    let top = super::func::outermost(&model.fns, fi);
    if model.fns.get(top)?.kind != super::FnKind::Method {
        return None;
    }
    let through_self = matches!(op.place.root, super::Root::SelfRef)
        || origin_texts(model, text, fi, op.recv_span)
            .iter()
            .any(|t| words(t).idents.iter().any(|i| i == "self"));
    through_self.then_some(top)
}

/// Why the atomic field of `self` at `recv` (in function `fi`) is used by one actor at a time:
/// the method holds `self` exclusively or its type is not `Sync` ([`exclusive_receiver`]), and
/// no enclosing closure is spawned.
pub fn self_field_exclusive(
    model: &FileModel,
    text: &str,
    fi: usize,
    recv: Span,
) -> Option<String> {
    let fns = chain(model, fi);
    if fns.iter().any(|f| f.spawned) {
        return None;
    }
    let r = text.get(recv.start..recv.end)?.trim_start_matches('&');
    if !r.starts_with("self.") || r.contains('(') {
        return None;
    }
    exclusive_receiver(model, fns.last()?)
}

/// Why a method's `self` is used by one actor at a time: `&mut self` / `self`, or a
/// synchronous method of a type that is not `Sync` ([`not_sync`]).
fn exclusive_receiver(model: &FileModel, top: &FnModel) -> Option<String> {
    if !top.is_async
        && let Some(why) = top
            .self_ty
            .as_deref()
            .and_then(|t| not_sync(&model.index, t))
    {
        return Some(format!(
            "{why}, so it is not `Sync`: its methods run on one thread at a time"
        ));
    }
    if top.self_exclusive {
        return Some(format!(
            "`{}` holds `self` exclusively: no other call of it runs at the same time",
            top.name
        ));
    }
    None
}

/// Why struct `ty` of `index` is not `Sync`, or `None`: a field of it holds, by value or
/// through a wrapper that is `Sync` only when what it holds is (`Box`, `Vec`, `Option`,
/// `Arc`, the std collections, tuples, arrays, references, `PhantomData`), a `RefCell`,
/// `Cell`, `UnsafeCell`, `Rc` (or `rc::Weak`), an unsynchronised `OnceCell` / `LazyCell`, a raw
/// pointer or `NonNull`, or a struct of the index that is not `Sync` itself (followed a few
/// levels); and no `unsafe impl Sync` of the index names the type. No two threads then
/// hold a `&ty` at once: a synchronous method of it runs on one thread, alone on its value
/// (a `Mutex<ty>` hands out one `&ty` at a time, too). Locks or atomics it reaches through
/// a shared pointer (an `Arc` cloned elsewhere) are still shared: the callers check that.
pub fn not_sync(index: &super::ItemIndex, ty: &str) -> Option<String> {
    not_sync_in(index, ty, &mut Vec::new())
}

fn not_sync_in(index: &super::ItemIndex, ty: &str, seen: &mut Vec<String>) -> Option<String> {
    if seen.len() > 6 || seen.iter().any(|s| s == ty) {
        return None;
    }
    seen.push(ty.to_string());
    // `unsafe impl Sync for SpinLock {}`: the author shares it across threads
    if index
        .trait_impls
        .iter()
        .any(|(t, s)| t == "Sync" && s == ty)
    {
        return None;
    }
    let fields = index.structs.get(ty)?;
    for (name, t) in fields {
        let Ok(parsed) = syn::parse_str::<syn::Type>(&t.text) else {
            continue;
        };
        if let Some(what) = unsync_part(index, &parsed, seen, 0) {
            return Some(format!("`{ty}` owns {what} (field `{name}`)"));
        }
    }
    None
}

/// The part of type `t` that makes it not `Sync` ([`not_sync`]), described.
fn unsync_part(
    index: &super::ItemIndex,
    t: &syn::Type,
    seen: &mut Vec<String>,
    depth: usize,
) -> Option<String> {
    if depth > 8 {
        return None;
    }
    match t {
        syn::Type::Ptr(_) => Some("a raw pointer".into()),
        syn::Type::Reference(r) => unsync_part(index, &r.elem, seen, depth + 1),
        syn::Type::Paren(p) => unsync_part(index, &p.elem, seen, depth + 1),
        syn::Type::Group(g) => unsync_part(index, &g.elem, seen, depth + 1),
        syn::Type::Array(a) => unsync_part(index, &a.elem, seen, depth + 1),
        syn::Type::Slice(s) => unsync_part(index, &s.elem, seen, depth + 1),
        syn::Type::Tuple(tu) => tu
            .elems
            .iter()
            .find_map(|e| unsync_part(index, e, seen, depth + 1)),
        syn::Type::Path(p) if p.qself.is_none() => {
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let last = p.path.segments.last()?;
            let name = last.ident.to_string();
            let args: Vec<&syn::Type> = crate::model::syntax::type_args(last);
            let in_mod = |m: &str| segs.iter().any(|s| s == m);
            // a struct of the workspace's own by that name is that struct, not std's
            let own = index.structs.contains_key(&name);
            let unsync = !own
                && !args.is_empty()
                && match name.as_str() {
                    "RefCell" | "Cell" | "UnsafeCell" | "Rc" | "NonNull" | "LazyCell" => true,
                    "OnceCell" => in_mod("cell") || in_mod("unsync"),
                    "Weak" => in_mod("rc"),
                    _ => false,
                };
            if unsync {
                return Some(format!("a `{name}`"));
            }
            const WRAPPERS: &[&str] = &[
                "Box",
                "Vec",
                "Option",
                "VecDeque",
                "LinkedList",
                "BinaryHeap",
                "Arc",
                "Pin",
                "HashMap",
                "BTreeMap",
                "HashSet",
                "BTreeSet",
                "IndexMap",
                "IndexSet",
                "PhantomData",
            ];
            if !own && WRAPPERS.contains(&name.as_str()) {
                return args
                    .iter()
                    .find_map(|a| unsync_part(index, a, seen, depth + 1));
            }
            // a struct of this index (not generic: a type parameter may be anything)
            if own && segs.len() == 1 && args.is_empty() {
                return not_sync_in(index, &name, seen)
                    .map(|_| format!("a `{name}`, which is not `Sync`"));
            }
            None
        }
        _ => None,
    }
}

/// Marks the synchronous methods of a type that is not `Sync` ([`not_sync`]), and the closures
/// run inline in them (not spawned, not async), as holding `self` exclusively: no second
/// thread can hold the value meanwhile, and nothing runs between their steps on this one.
/// (An async method is left alone: another task on its thread can run at each `.await`.)
pub fn mark_unshared_receivers(index: &super::ItemIndex, fns: &mut [FnModel]) {
    let mut known: std::collections::HashMap<String, bool> = Default::default();
    let mut marked = vec![false; fns.len()];
    for i in 0..fns.len() {
        let f = &fns[i];
        let mark = match f.parent {
            None => {
                f.kind == super::FnKind::Method
                    && !f.is_async
                    && !f.self_exclusive
                    && f.self_ty.as_deref().is_some_and(|t| {
                        *known
                            .entry(t.to_string())
                            .or_insert_with(|| not_sync(index, t).is_some())
                    })
            }
            Some(p) => {
                marked.get(p).copied().unwrap_or(false)
                    && f.kind == super::FnKind::Closure
                    && !f.is_async
                    && !f.spawned
                    && !f.self_exclusive
            }
        };
        if mark {
            marked[i] = true;
            fns[i].self_exclusive = true;
        }
    }
}

/// What the model knows about who runs function `fi` (for `racelint facts`): spawned, a
/// receiver used by one actor at a time, or a receiver the file shares.
pub fn describe(model: &FileModel, text: &str, fi: usize) -> Option<String> {
    let fns = chain(model, fi);
    if fns.iter().any(|f| f.spawned) {
        return Some("spawned: runs concurrently with its parent".into());
    }
    let mut cur = Some(fi);
    let mut blocked_on = false;
    for _ in 0..fns.len() {
        let Some(c) = cur else { break };
        if model.fns[c].is_async {
            blocked_on = driven_by_block_on(&model.fns, c);
            break;
        }
        cur = model.fns[c].parent;
    }
    if blocked_on {
        return Some(
            "driven by `block_on`: polled on the calling thread, which blocks until it completes"
                .into(),
        );
    }
    let top = fns.last()?;
    if let Some(one) = exclusive_receiver(model, top) {
        return Some(format!("one actor at a time: {one}"));
    }
    shared_receiver(model, text, top).map(|s| format!("shared: {s}"))
}

/// Whether function `fi` is an async block handed directly to an executor's `block_on`
/// (`rt().block_on(async { .. })`, `Handle::current().block_on(async move { .. })`,
/// `futures::executor::block_on(async { .. })`): its future is polled on the calling thread,
/// which blocks until it completes. No runtime worker polls it and no other task is polled
/// between its steps (an async block nested in it, a `join!` branch, is a future of its own:
/// not this one).
pub fn driven_by_block_on(fns: &[FnModel], fi: usize) -> bool {
    let Some(f) = fns.get(fi) else { return false };
    if f.kind != super::FnKind::AsyncBlock || f.spawned {
        return false;
    }
    let Some(p) = f.parent.and_then(|p| fns.get(p)) else {
        return false;
    };
    p.enclosing_call(f.span)
        .is_some_and(|c| c.name() == "block_on" && c.args.contains(&f.span))
}

/// Whether function `fi` runs as part of an async task that an executor polls among others:
/// it is an async fn or block (or a closure run in one) other than a block driven by
/// `block_on` ([`driven_by_block_on`]). A closure handed to a thread (`thread::spawn`,
/// `spawn_blocking`) runs on a thread of its own, not in a task.
pub fn runs_in_task(fns: &[FnModel], fi: usize) -> bool {
    let mut cur = Some(fi);
    for _ in 0..64 {
        let Some(i) = cur else { break };
        let Some(f) = fns.get(i) else { break };
        if f.is_async {
            return !driven_by_block_on(fns, i);
        }
        if f.spawned {
            return false;
        }
        cur = f.parent;
    }
    false
}

/// A guard the model cannot resolve, held over `from..to` in function `fi`: a binding named
/// as one (`guard`, `_guard`, `waiters_guard`) whose initialiser is a call that says it locks
/// (`self.notify.lock_waiter_list()`, `self.state.lock_inner()`), declared before `from` and
/// still the binding of that name at `to`. Its name, or `None`. (A lock taken through another
/// type's helper that racelint does not follow: the author named the value a guard.)
pub fn opaque_guard_across(
    model: &FileModel,
    text: &str,
    fi: usize,
    from: usize,
    to: usize,
) -> Option<String> {
    let f = model.fns.get(fi)?;
    let guard_name =
        |name: &str| name.trim_start_matches('_') == "guard" || name.ends_with("_guard");
    bound_before(f, text, from, guard_name).find_map(|(b, name, compact)| {
        let core = compact
            .trim_end_matches('?')
            .trim_end_matches(".await")
            .trim_end_matches(".unwrap()");
        if !core.ends_with(')') || !core.to_ascii_lowercase().contains("lock") {
            return None;
        }
        let alive = f.binding(name, to).is_some_and(|x| x.span == b.span);
        alive.then(|| name.clone())
    })
}

/// A semaphore or queue permit bound to a name (`let _permit = self.queue.acquire().await;`)
/// and still held over `from..to` in function `fi`: the author serialises that window with
/// it. Its name, or `None`. (How many permits the semaphore has is not known here; a permit
/// taken for the window is the author's statement that the window is exclusive.)
pub fn permit_across(
    model: &FileModel,
    text: &str,
    fi: usize,
    from: usize,
    to: usize,
) -> Option<String> {
    let f = model.fns.get(fi)?;
    bound_before(f, text, from, |name| name != "_").find_map(|(b, name, compact)| {
        let permit = [
            ".acquire()",
            ".acquire_owned()",
            ".acquire_many(",
            ".acquire_many_owned(",
        ]
        .iter()
        .any(|m| compact.contains(m))
            && {
                // the permit itself, not a block that takes one inside
                let mut t = compact.as_str();
                loop {
                    let before = t;
                    t = t.trim_end_matches('?').trim_end_matches(".unwrap()");
                    if t.ends_with(')')
                        && let Some(i) = t.rfind(".expect(")
                    {
                        t = &t[..i];
                    }
                    if t == before {
                        break;
                    }
                }
                t.ends_with(".await") && !t.starts_with('{')
            };
        if !permit {
            return None;
        }
        held_until(text, b, name, to).then(|| name.clone())
    })
}

/// The bindings of one name in `f` declared before `from` whose name passes `named`, each
/// with its name and its initialiser's text without whitespace (a binding without an
/// initialiser is left out).
fn bound_before<'f>(
    f: &'f super::FnModel,
    text: &str,
    from: usize,
    named: impl Fn(&str) -> bool,
) -> impl Iterator<Item = (&'f super::func::Binding, &'f String, String)> {
    f.bindings.iter().filter_map(move |b| {
        let [name] = b.names.as_slice() else {
            return None;
        };
        if !named(name) || b.span.start >= from {
            return None;
        }
        let init = text.get(b.init?.start..b.init?.end)?;
        Some((
            b,
            name,
            init.chars().filter(|c| !c.is_whitespace()).collect(),
        ))
    })
}

/// The binding `b` of `name` is still in scope at `to`: no block closes between the binding
/// and `to`, and no `drop(name)`.
fn held_until(text: &str, b: &super::func::Binding, name: &str, to: usize) -> bool {
    let Some(between) = text.get(b.span.end..to) else {
        return false;
    };
    let mut depth = 0i64;
    for c in between.chars() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    !between
        .split("drop(")
        .skip(1)
        .any(|rest| rest.trim_start().starts_with(name))
}

/// The values an expression's text reads: identifiers that are not called, not keywords, not
/// `self` and not constants, and the `{name}`s of format strings.
fn value_names(text: &str) -> Vec<String> {
    let w = words(text);
    let mut out: Vec<String> = w
        .idents
        .iter()
        .filter(|i| {
            !w.calls.contains(i)
                && i.as_str() != "self"
                && i.chars().any(|c| c.is_lowercase())
                && i.starts_with(|c: char| c.is_lowercase() || c == '_')
                && !NOT_VALUES.contains(&i.as_str())
        })
        .cloned()
        .collect();
    for s in &w.strings {
        for part in s.split('{').skip(1) {
            let name: String = part
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name.starts_with(|c: char| c.is_lowercase()) {
                out.push(name);
            }
        }
    }
    out
}

const NOT_VALUES: &[&str] = &[
    "await", "async", "move", "as", "if", "else", "match", "let", "mut", "ref", "return", "in",
    "for", "while", "loop", "break", "continue", "true", "false", "where", "unsafe", "dyn",
];

/// A claim on the key of the path at `path` (in function `fi`) held until `act_at`: a binding
/// named for a claim (`*guard*`, `*claim*`, `*lease*`, `*reservation*`, `*ticket*`) that is
/// not a lock guard of this function, bound from a call that takes a value the path is built
/// from (`let _create_guard = self.start_creating(id).await?;` then `dir.join(id)`), and still
/// in scope. The claim's owner hands out one claim per key, so no other thread of the program
/// works on that path meanwhile. Its name, or `None`.
pub fn claim_across(
    model: &FileModel,
    text: &str,
    fi: usize,
    path: Span,
    act_at: usize,
) -> Option<String> {
    let keys: Vec<String> = origin_texts(model, text, fi, path)
        .iter()
        .flat_map(|t| value_names(t))
        .collect();
    chain(model, fi).iter().find_map(|f| {
        f.bindings.iter().find_map(|b| {
            let [name] = b.names.as_slice() else {
                return None;
            };
            if b.span.start >= path.start
                || !segments(name).any(|s| {
                    ["guard", "claim", "lease", "reservation", "ticket"].contains(&s.as_str())
                })
            {
                return None;
            }
            let init = b.init?;
            // a lock's guard serialises only the code that takes the same lock
            if model
                .fns
                .iter()
                .any(|g| g.acquisitions.iter().any(|a| init.encloses(a.call_span)))
            {
                return None;
            }
            let init_text = text.get(init.start..init.end)?;
            if words(init_text).calls.is_empty() {
                return None;
            }
            let claims = value_names(init_text);
            (claims.iter().any(|c| c != name && keys.contains(c))
                && held_until(text, b, name, act_at))
            .then(|| name.clone())
        })
    })
}

/// A function that runs concurrently *with itself*: a request handler (axum, actix-web,
/// rocket, warp, poem, tonic), a message consumer or a scheduled job. The second actor of a
/// race in it is the same function serving another request, message or replica. Read from
/// the function's signature (its attributes and parameter types) and name; `None` when
/// nothing says so.
pub fn self_concurrent_entry(model: &FileModel, text: &str, fi: usize) -> Option<&'static str> {
    let root = super::func::outermost(&model.fns, fi);
    let fm = model.fns.get(root)?;
    // the signature: the item up to its body (attributes are part of the item's span)
    let sig = text.get(fm.span.start..fm.body.start.max(fm.span.start))?;
    // the attributes just above the item, which its span may not include
    let above_start = text
        .get(..fm.span.start)?
        .rfind("\n\n")
        .map_or(0, |i| i + 2)
        .max(fm.span.start.saturating_sub(400));
    let above = text.get(above_start..fm.span.start).unwrap_or("");
    let attrs = format!("{above}{sig}");
    let route = [
        "#[get(",
        "#[post(",
        "#[put(",
        "#[patch(",
        "#[delete(",
        "#[route(",
        "#[handler",
        "#[actix_web::",
        "#[rocket::",
        "#[oai(",
        "#[debug_handler",
    ];
    if route.iter().any(|r| attrs.contains(r)) {
        return Some("a request handler");
    }
    let extractors = [
        "State<",
        "Json<",
        "web::Data<",
        "Data<",
        "Extension<",
        "Form<",
        "Query<",
        "Path<",
        "HttpRequest",
        "tonic::Request<",
        "Request<",
        "&State<",
        "Multipart",
    ];
    if fm.is_async && extractors.iter().any(|x| sig.contains(x)) {
        return Some("a request handler");
    }
    let name = fm
        .name
        .rsplit("::")
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if [
        "consumer",
        "on_message",
        "handle_message",
        "process_message",
        "handle_event",
    ]
    .iter()
    .any(|n| name.contains(n))
    {
        return Some("a message consumer");
    }
    if ["run_job", "process_job", "perform", "cron", "scheduled"]
        .iter()
        .any(|n| name.contains(n))
    {
        return Some("a scheduled job");
    }
    None
}

/// Where a worker task is spawned: the file, and the span of the spawned closure or async
/// block, or of the spawned call (`tokio::spawn(consume(rx))`).
type SpawnSite = (usize, Span);

/// The single-writer facts of a workspace: which lock fields are written by one worker task
/// only. A worker is a closure, async block or function handed to a `spawn`-like call that is
/// not itself inside a loop, and that loops (a consumer draining a channel, a periodic
/// poller): spawned once by its owner, it handles one event at a time. When every write of a
/// lock field is made by functions that only that worker runs (their callers, by name, lead
/// to that one spawn site and to nothing else), no second writer exists: a value checked or
/// read under one guard and written under a second cannot be changed in between, whoever
/// else reads it. Built lazily, once, in the workspace phase.
pub struct SoleWriters<'w, 'a> {
    ws: &'w super::Workspace<'a>,
    /// Who mentions a bare name (its `entry::name_key`), for the names asked about: looked up
    /// in every file's sorted mention list when first asked, not indexed for every identifier
    /// of the workspace (millions of mentions, of locals, types and fields mostly).
    callers: std::sync::Mutex<std::collections::HashMap<u64, std::sync::Arc<Callers>>>,
    /// Lock identity -> the functions acquiring it for writing (file, function); functions
    /// whose write acquisition could not be resolved are kept by the lock's last field name.
    writers: std::sync::OnceLock<WriterIndex>,
    /// Atomic identity -> the functions writing it (every operation but a load), as
    /// [`SoleWriters::writers`] for locks.
    atomic_writers: std::sync::OnceLock<WriterIndex>,
}

/// Who mentions a name: (file, named function, whether the mentioner is test code), in file
/// order; and whether it is mentioned outside any function (a function pointer in an item).
#[derive(Default)]
struct Callers {
    by: Vec<(usize, usize, bool)>,
    in_item: bool,
}

/// Who writes a lock: (file, function, whether the writer is test code).
#[derive(Default)]
struct WriterIndex {
    by_identity: std::collections::HashMap<String, Vec<(usize, usize, bool)>>,
    unresolved: std::collections::HashMap<String, Vec<(usize, usize, bool)>>,
    /// The guarded types of the locks production code write-locks (`RwLock<Cfg>`: `Cfg`):
    /// the writers (file, function, lock identity) and, where several files define a struct
    /// of that name, which one the writer's lock guards ([`super::Workspace::struct_home`]).
    inner_types: std::collections::HashMap<String, Vec<InnerWrite>>,
    /// Per (file, function, lock identity): the write acquisitions of that lock in that
    /// function are all made through `&mut self` (or `self`) of a place the value owns alone:
    /// the impl's type and the place's fields ([`owned_self_write`]); `None` where one is not.
    owned_self: std::collections::HashMap<(usize, usize, String), Option<OwnedSelfPlace>>,
}

/// The impl's type and the fields of a place a `&mut self` writer owns alone
/// ([`WriterIndex::owned_self`]).
type OwnedSelfPlace = (String, Vec<String>);

/// A production write of a lock guarding a named type ([`WriterIndex::inner_types`]).
struct InnerWrite {
    file: usize,
    func: usize,
    identity: String,
    home: Option<usize>,
}

/// The impl's type (its last path segment, without generics) and the fields of a write
/// acquisition `a` in function `gi` made through `&mut self` or `self` by value of a place
/// `self` owns alone ([`self_path_owned`]): while it runs, no reader through `self` of that
/// value is alive.
fn owned_self_write(
    m: &FileModel,
    gi: usize,
    a: &super::Acquisition,
) -> Option<(String, Vec<String>)> {
    let top = super::func::outermost(&m.fns, gi);
    let outer = &m.fns[top];
    if a.place.root != super::Root::SelfRef
        || a.place.fields.is_empty()
        || !outer.self_exclusive
        || !super::func::runs_in_place(&m.fns, gi, top)
        || !self_path_owned(m, gi, &a.place.fields)
    {
        return None;
    }
    Some((bare_type(outer.self_ty.as_deref()?), a.place.fields.clone()))
}

/// `crate::a::T<U>` -> `T`.
fn bare_type(t: &str) -> String {
    let t = t.split('<').next().unwrap_or(t);
    t.rsplit("::").next().unwrap_or(t).trim().to_string()
}

/// The type a lock guards, as written (`RwLock<Cfg>`: `Cfg`), when it is a named type.
fn guarded_type(ty: &super::TypeInfo) -> Option<&str> {
    let super::TypeClass::Lock { inner, .. } = &ty.class else {
        return None;
    };
    let t = inner.text.as_str();
    // a unit lock guards what the code around it decides, a type parameter anything
    (t.len() > 1 && t != "()" && t.chars().next().is_some_and(|c| c.is_alphabetic())).then_some(t)
}

/// The last field a place names (`self.cache.latest` -> `latest`), or its root's name.
fn last_name(p: &super::Place) -> String {
    p.fields
        .last()
        .cloned()
        .unwrap_or_else(|| format!("{:?}", p.root))
}

impl<'w, 'a> SoleWriters<'w, 'a> {
    pub fn new(ws: &'w super::Workspace<'a>) -> Self {
        SoleWriters {
            ws,
            callers: Default::default(),
            writers: Default::default(),
            atomic_writers: Default::default(),
        }
    }

    /// Who mentions the name with key `key` ([`Callers`]).
    fn callers(&self, key: u64) -> std::sync::Arc<Callers> {
        let mut known = self.callers.lock().unwrap_or_else(|e| e.into_inner());
        std::sync::Arc::clone(known.entry(key).or_insert_with(|| {
            let mut c = Callers::default();
            for (fi, f) in self.ws.files.iter().enumerate() {
                let m = f.model;
                // one entry per (name, mentioner), sorted by name
                let names = &m.entry.mentioned;
                let from = names.partition_point(|&n| n < key);
                let to = from + names[from..].partition_point(|&n| n == key);
                for &o in m.entry.mentioned_in.get(from..to).unwrap_or(&[]) {
                    match o {
                        super::entry::TEST_ITEM => {}
                        // `mod worker;`, `use a::worker;`: no function value
                        super::entry::ITEM if m.entry.only_declared(key) => {}
                        super::entry::ITEM => c.in_item = true,
                        i => {
                            let i = i as usize;
                            let test =
                                m.test_file || m.fns.get(i).is_none_or(|g| m.in_test(g.span));
                            c.by.push((fi, i, test));
                        }
                    }
                }
            }
            std::sync::Arc::new(c)
        }))
    }

    fn writers(&self) -> &WriterIndex {
        self.writers.get_or_init(|| {
            let mut ix = WriterIndex::default();
            for (fi, f) in self.ws.files.iter().enumerate() {
                let m = f.model;
                let r = self.ws.resolver_in(fi);
                for (gi, g) in m.fns.iter().enumerate() {
                    let test = m.test_file || m.in_test(g.span);
                    for a in &g.acquisitions {
                        if !matches!(a.mode, super::Mode::Exclusive | super::Mode::Upgradable) {
                            continue;
                        }
                        let at = (fi, gi, test);
                        let list = match r.resolve(&m.fns, gi, &a.place) {
                            Some(res) => {
                                if let Some(t) = guarded_type(&res.ty).filter(|_| !test) {
                                    let home = self.ws.struct_home(fi, t);
                                    let l = ix.inner_types.entry(t.to_string()).or_default();
                                    if !l.iter().any(|w| {
                                        (w.file, w.func) == (fi, gi) && w.identity == res.identity
                                    }) {
                                        l.push(InnerWrite {
                                            file: fi,
                                            func: gi,
                                            identity: res.identity.clone(),
                                            home,
                                        });
                                    }
                                }
                                let owned = owned_self_write(m, gi, a);
                                ix.owned_self
                                    .entry((fi, gi, res.identity.clone()))
                                    .and_modify(|o| {
                                        if *o != owned {
                                            *o = None;
                                        }
                                    })
                                    .or_insert(owned);
                                ix.by_identity.entry(res.identity).or_default()
                            }
                            None => ix.unresolved.entry(last_name(&a.place)).or_default(),
                        };
                        if !list.contains(&at) {
                            list.push(at);
                        }
                    }
                }
            }
            ix
        })
    }

    fn atomic_writers(&self) -> &WriterIndex {
        self.atomic_writers.get_or_init(|| {
            let mut ix = WriterIndex::default();
            for (fi, f) in self.ws.files.iter().enumerate() {
                let m = f.model;
                let r = self.ws.resolver_in(fi);
                for (gi, g) in m.fns.iter().enumerate() {
                    let test = m.test_file || m.in_test(g.span);
                    // a helper's operation applied at its call site is the helper's write
                    for a in g.atomics.iter().filter(|a| a.via.is_none()) {
                        if !super::syntax::AtomicKind::writes(&a.op) {
                            continue;
                        }
                        let at = (fi, gi, test);
                        let list = match r.resolve(&m.fns, gi, &a.place) {
                            Some(res) => ix.by_identity.entry(res.identity).or_default(),
                            None => ix.unresolved.entry(last_name(&a.place)).or_default(),
                        };
                        if !list.contains(&at) {
                            list.push(at);
                        }
                    }
                }
            }
            ix
        })
    }

    /// Why the atomic operated on first at or after offset `at` in function `func` of file
    /// `file` has one writer, a worker task spawned once, or `None`: every production write
    /// of it (a store, `fetch_*`, swap or compare-exchange; test writes count only for test
    /// code), through its identity or through an unresolved place of the same field name, is
    /// made by functions that one worker task runs ([`SoleWriters::worker_of`]), none of them
    /// reachable by callers outside the run, and function `func` writes it too or runs in
    /// that worker. Nothing can then change the value between a load and a write of it here:
    /// other tasks only read it.
    pub fn sole_atomic_writer(&self, file: usize, func: usize, at: usize) -> Option<String> {
        let m = self.ws.files.get(file)?.model;
        let top = super::func::outermost(&m.fns, func);
        let tests = m.test_file || m.in_test(m.fns.get(top)?.span);
        let tree: Vec<usize> = super::func::tree(&m.fns, top).collect();
        let (gi, op) = tree
            .iter()
            .flat_map(|&i| m.fns[i].atomics.iter().map(move |a| (i, a)))
            .filter(|(_, a)| a.span.start >= at && a.via.is_none())
            .min_by_key(|(_, a)| a.span.start)?;
        let r = self.ws.resolver_in(file);
        let identity = r.resolve(&m.fns, gi, &op.place)?.identity;
        let written_here = tree.iter().any(|&i| {
            m.fns[i].atomics.iter().any(|a| {
                a.via.is_none()
                    && super::syntax::AtomicKind::writes(&a.op)
                    && r.resolve(&m.fns, i, &a.place)
                        .is_some_and(|res| res.identity == identity)
            })
        });
        let ix = self.atomic_writers();
        let writers = ix.by_identity.get(&identity)?;
        let field = identity.rsplit(['.', ':']).next().unwrap_or(&identity);
        let unresolved = ix.unresolved.get(field).map(Vec::as_slice).unwrap_or(&[]);
        let mut site: Option<SpawnSite> = None;
        for &(wf, wg, test) in writers.iter().chain(unresolved) {
            if test && !tests {
                continue;
            }
            let wm = self.ws.files.get(wf)?.model;
            let wtop = super::func::outermost(&wm.fns, wg);
            if !wm.whole_program && wm.entry.public.contains(&(wtop as u32)) {
                return None;
            }
            let s = self.worker_of(wf, wg, tests)?;
            if site.is_some_and(|t| t != s) {
                return None;
            }
            site = Some(s);
        }
        let site = site?;
        if !(written_here || self.worker_of(file, func, tests) == Some(site)) {
            return None;
        }
        Some(format!(
            "`{identity}` is written only by one worker task, spawned once in {}: no second writer can change it between the load and the write",
            self.ws.files[site.0].path
        ))
    }

    /// The read acquisition (shared, not a `DashMap` shard) at `call` in function `func` of
    /// file `file` or a closure in it, and the lock it resolves to.
    fn shared_read_at(
        &self,
        file: usize,
        func: usize,
        call: Span,
    ) -> Option<(&'a super::Acquisition, super::Resolved)> {
        let m = self.ws.files.get(file)?.model;
        let top = super::func::outermost(&m.fns, func);
        // looked up by span in each function's index (a scan of every acquisition per query
        // was quadratic in a function's length: one query per finding)
        let in_fn = |i: usize| {
            let f = &m.fns[i];
            let hit = f
                .acquisition_index_at(call)
                .map(|k| &f.acquisitions[k])
                .filter(|a| a.call_span == call)
                .or_else(|| {
                    f.acquisition_starts_at(call.start)
                        .then(|| f.acquisitions.iter().find(|a| a.call_span == call))
                        .flatten()
                });
            hit.map(|a| (i, a))
        };
        let (gi, acq) = in_fn(func).or_else(|| {
            super::func::tree(&m.fns, top)
                .filter(|&i| i != func)
                .find_map(in_fn)
        })?;
        if acq.mode != super::Mode::Shared || acq.shard {
            return None;
        }
        let res = self.ws.resolver_in(file).resolve(&m.fns, gi, &acq.place)?;
        Some((acq, res))
    }

    /// Whether nothing in the workspace's production code write-locks the lock that the read
    /// acquisition at `call` (in function `func` of file `file`, or a closure in it) takes: no
    /// write or upgradable acquisition of the same identity, of a lock guarding the same
    /// named type (another name of one `Arc<RwLock<Cfg>>`), or of an unresolved place of the
    /// same name. A second read while a read guard is held then finds no writer to queue in
    /// between (a configuration loaded once and only read).
    pub fn never_written(&self, file: usize, func: usize, call: Span) -> bool {
        let Some(m) = self.ws.files.get(file).map(|f| f.model) else {
            return false;
        };
        // a writer can be outside the run: a library's users, a crate linted alone
        if !m.whole_program {
            return false;
        }
        let Some((acq, res)) = self.shared_read_at(file, func, call) else {
            return false;
        };
        let Some(inner) = guarded_type(&res.ty) else {
            return false;
        };
        let ix = self.writers();
        // the reader's place through `self` of a method: a writer through `&mut self` of that
        // same place of a value of the same type cannot run while this reader holds `self`
        // (another value of the type does not share the place: the writer's is owned)
        let top = super::func::outermost(&m.fns, func);
        let reader_self = (acq.place.root == super::Root::SelfRef && !acq.place.fields.is_empty())
            .then(|| m.fns[top].self_ty.as_deref().map(bare_type))
            .flatten()
            .map(|t| (t, acq.place.fields.clone()));
        let excused = |wf: usize, wg: usize, identity: &str| {
            reader_self.is_some()
                && ix
                    .owned_self
                    .get(&(wf, wg, identity.to_string()))
                    .is_some_and(|o| o.as_ref() == reader_self.as_ref())
        };
        let production = |l: &Vec<(usize, usize, bool)>| {
            l.iter()
                .any(|&(wf, wg, test)| !test && !excused(wf, wg, &res.identity))
        };
        let field = res
            .identity
            .rsplit(['.', ':'])
            .next()
            .unwrap_or(&res.identity);
        // a lock guarding a struct of the same name that another file defines (another
        // crate's `PluginConfig`) is another lock
        let home = self.ws.struct_home(file, inner);
        let same_type = |w: &InnerWrite| home.is_none() || w.home.is_none() || w.home == home;
        !ix.inner_types.get(inner).is_some_and(|l| {
            l.iter()
                .any(|w| same_type(w) && !excused(w.file, w.func, &w.identity))
        }) && !ix.by_identity.get(&res.identity).is_some_and(production)
            && !ix.unresolved.get(field).is_some_and(production)
            && !ix
                .unresolved
                .get(&last_name(&acq.place))
                .is_some_and(production)
    }

    /// Why the lock written first at or after offset `at` in function `func` of file `file`
    /// has one writer, a worker task spawned once, or `None`.
    pub fn sole_writer(&self, file: usize, func: usize, at: usize) -> Option<String> {
        let m = self.ws.files.get(file)?.model;
        let top = super::func::outermost(&m.fns, func);
        // test code races with test code; production code only with production code
        let tests = m.test_file || m.in_test(m.fns.get(top)?.span);
        // the lock of the finding: the first one acquired where the finding starts (its read), also
        // written in this function or the closures inside it
        let tree: Vec<usize> = super::func::tree(&m.fns, top).collect();
        let (gi, acq) = tree
            .iter()
            .flat_map(|&i| m.fns[i].acquisitions.iter().map(move |a| (i, a)))
            .filter(|(_, a)| a.span.start >= at)
            .min_by_key(|(_, a)| a.span.start)?;
        let r = self.ws.resolver_in(file);
        let identity = r.resolve(&m.fns, gi, &acq.place)?.identity;
        let written_here = tree.iter().any(|&i| {
            m.fns[i].acquisitions.iter().any(|a| {
                a.mode == super::Mode::Exclusive
                    && r.resolve(&m.fns, i, &a.place)
                        .is_some_and(|res| res.identity == identity)
            })
        });
        let site = self.one_worker(file, func, tests, &identity, written_here)?;
        Some(format!(
            "`{identity}` is written only by one worker task, spawned once in {}: no second writer can change it between the check and the write",
            self.ws.files[site.0].path
        ))
    }

    /// Why the read lock taken again at `call` in function `func` of file `file` cannot meet a
    /// queued writer: every production write of that lock is made by one worker task spawned
    /// once, and that same worker runs this function (it does not write while it reads), or
    /// `None`.
    pub fn reads_in_sole_writer(&self, file: usize, func: usize, call: Span) -> Option<String> {
        let m = self.ws.files.get(file)?.model;
        let top = super::func::outermost(&m.fns, func);
        let tests = m.test_file || m.in_test(m.fns.get(top)?.span);
        let identity = self.shared_read_at(file, func, call)?.1.identity;
        let site = self.one_worker(file, func, tests, &identity, false)?;
        Some(format!(
            "`{identity}` is write-locked only by one worker task, spawned once in {}, and this read runs in that task: no writer can queue between the two read guards",
            self.ws.files[site.0].path
        ))
    }

    /// The spawn site of the one worker task that makes every write of the lock `identity`
    /// (test writes count only for test code), when function `func` of file `file` (which reads
    /// the lock) writes it too (`writes_here`) or runs in that same worker, or `None`.
    fn one_worker(
        &self,
        file: usize,
        func: usize,
        tests: bool,
        identity: &str,
        writes_here: bool,
    ) -> Option<SpawnSite> {
        let ix = self.writers();
        let writers = ix.by_identity.get(identity)?;
        let field = identity.rsplit('.').next().unwrap_or(identity);
        let unresolved = ix.unresolved.get(field).map(Vec::as_slice).unwrap_or(&[]);
        let mut site: Option<SpawnSite> = None;
        for &(wf, wg, test) in writers.iter().chain(unresolved) {
            if test && !tests {
                continue;
            }
            let s = self.worker_of(wf, wg, tests)?;
            if site.is_some_and(|t| t != s) {
                return None;
            }
            site = Some(s);
        }
        let site = site?;
        // the reader: a writer itself, or run by that same worker (which does not write while
        // it reads)
        (writes_here || self.worker_of(file, func, tests) == Some(site)).then_some(site)
    }

    /// The one worker task that runs function `g` of file `f` (itself or through its callers),
    /// or `None` when another context can run it (an entry point, a handler, a task spawned in
    /// a loop or one that does not loop, a function passed as a value).
    fn worker_of(&self, f: usize, g: usize, tests: bool) -> Option<SpawnSite> {
        let m = self.ws.files.get(f)?.model;
        // a spawned closure on the way up from `g`
        let mut cur = Some(g);
        while let Some(i) = cur {
            let h = m.fns.get(i)?;
            if h.spawned {
                return self.once_spawned(f, i, h.span, h.span);
            }
            cur = h.parent;
        }
        let mut todo = vec![(f, super::func::outermost(&m.fns, g))];
        let mut seen: Vec<(usize, usize)> = Vec::new();
        let mut site: Option<SpawnSite> = None;
        while let Some((fi, top)) = todo.pop() {
            if seen.contains(&(fi, top)) {
                continue;
            }
            if seen.len() >= 32 {
                return None;
            }
            seen.push((fi, top));
            let tm = self.ws.files.get(fi)?.model;
            let name = tm.fns.get(top)?.name.as_str();
            let bare = name.rsplit("::").next().unwrap_or(name);
            let key = super::entry::name_key(bare);
            let callers = self.callers(key);
            if callers.in_item {
                return None;
            }
            let by: Vec<(usize, usize)> = callers
                .by
                .iter()
                .filter(|&&(cf, ct, test)| (cf, ct) != (fi, top) && (tests || !test))
                .map(|&(cf, ct, _)| (cf, ct))
                .collect();
            if by.is_empty() {
                // an entry point: whoever runs it is not known to be one worker
                return None;
            }
            let callee = tm.fns.get(top)?;
            for (cf, ct) in by {
                let cm = self.ws.files.get(cf)?.model;
                let cr = self.ws.resolver_in(cf);
                let mut calls = 0;
                for (ci, c) in cm.fns.iter().enumerate() {
                    if super::func::outermost(&cm.fns, ci) != ct {
                        continue;
                    }
                    for call in c.calls.iter().filter(|k| k.name() == bare) {
                        calls += 1;
                        // another function of the name (`interval.tick()` with arguments of
                        // another count, `Other::run(..)`, a free `run(..)` for a method)
                        if cannot_call(&cr, &cm.fns, ci, call, callee, &|t| self.renamed(t)) {
                            continue;
                        }
                        let spawned_in = {
                            let mut at = Some(ci);
                            let mut found = None;
                            while let Some(i) = at {
                                let h = cm.fns.get(i)?;
                                if h.spawned {
                                    found = Some((i, h.span));
                                    break;
                                }
                                at = h.parent;
                            }
                            found
                        };
                        let s = if let Some((si, sspan)) = spawned_in {
                            // a spawned closure that calls a function that loops (`spawn(async
                            // move { run_loop(rx).await })`) is a worker as well
                            let body = tm.fns.get(top)?.body;
                            let loops = tm.loops.iter().any(|l| body.encloses(*l));
                            let body = if loops { Span::new(0, 0) } else { sspan };
                            self.once_spawned(cf, si, sspan, body)?
                        } else if c
                            .enclosing_call(call.span)
                            .is_some_and(|k| k.name().starts_with("spawn"))
                        {
                            // the called function is the worker: it must loop itself
                            let body = tm.fns.get(top)?.body;
                            if !tm.loops.iter().any(|l| body.encloses(*l)) {
                                return None;
                            }
                            self.once_spawned(cf, ci, call.span, Span::new(0, 0))?
                        } else {
                            todo.push((cf, ct));
                            continue;
                        };
                        if site.is_some_and(|t| t != s) {
                            return None;
                        }
                        site = Some(s);
                    }
                }
                // a mention that is no call: the function is passed as a value
                if calls == 0 {
                    return None;
                }
            }
        }
        site
    }

    /// Why the lock acquired first at or after offset `at` in function `func` of file `file`
    /// has no second user while this code runs, or `None`: the named function takes it
    /// itself (not in a closure or async block that may run beside it) through fields of
    /// `self` that the value owns ([`SoleWriters::owned_path`]), and it holds `self`
    /// exclusively ([`SoleWriters::receiver_exclusive`]): `self` by value or `&mut self`, or
    /// every caller runs it, one call after the other, on a value it holds so. No other task
    /// can then reach the lock, to wait for it or to change what it guards in between.
    ///
    /// With `exact`, the lock is the one whose lock call starts at `at`; else every lock the
    /// function takes from `at` on must be so (the finding's lock is among them).
    pub fn exclusive_at(&self, file: usize, func: usize, at: usize, exact: bool) -> Option<String> {
        let m = self.ws.files.get(file)?.model;
        let top = super::func::outermost(&m.fns, func);
        let tests = m.test_file || m.in_test(m.fns.get(top)?.span);
        let mut locks: Vec<(usize, &super::Acquisition)> = super::func::tree(&m.fns, top)
            .flat_map(|i| m.fns[i].acquisitions.iter().map(move |a| (i, a)))
            .filter(|(_, a)| {
                if exact {
                    a.call_span.start == at
                } else {
                    a.call_span.start >= at
                }
            })
            .collect();
        locks.sort_by_key(|(_, a)| a.call_span.start);
        let &(_, acq) = locks.first()?;
        for &(gi, a) in &locks {
            if gi != top
                || a.place.root != super::Root::SelfRef
                || a.place.fields.is_empty()
                || !self.owned_path(file, top, &a.place.fields)
            {
                return None;
            }
        }
        let why = self.receiver_exclusive(file, top, tests, 4, &mut Vec::new())?;
        Some(format!(
            "`{}` is reached through fields `self` owns, and {why}: no other task can use it meanwhile",
            acq.place.text.trim_start_matches('&')
        ))
    }

    /// Why named method `func` of file `file` (or the method around the closure `func`) runs
    /// on a value one actor holds at a time, or `None`: it holds `self` exclusively, or every
    /// caller runs it, one call after the other, on `self` (or an owned field of it) of a
    /// caller that holds `self` exclusively, or on a local it builds and uses alone
    /// ([`SoleWriters::receiver_exclusive`]). Two runs of its body on one value cannot then
    /// interleave: a check and an act on state reached through `self` are serialised by the
    /// callers' exclusive hold ([`self_run`]).
    pub fn exclusive_self(&self, file: usize, func: usize) -> Option<String> {
        let m = self.ws.files.get(file)?.model;
        let top = super::func::outermost(&m.fns, func);
        let tests = m.test_file || m.in_test(m.fns.get(top)?.span);
        self.receiver_exclusive(file, top, tests, 4, &mut Vec::new())
    }

    /// Why named function `func` of file `file` (or the function around the closure `func`)
    /// never runs twice at once, or `None`: one worker task spawned once runs it, itself or
    /// through its callers ([`SoleWriters::worker_of`]: a consumer loop handling one event at
    /// a time), and no caller outside the run can reach it (it is not public API of a
    /// library, nor of a package linted without its whole workspace). Two runs of its body
    /// cannot then interleave, whoever else shares the value it works on: a check and an act
    /// that race only with a second run of themselves ([`self_run`]) are serialised by the
    /// worker, as the increments of a counter that only this worker increments are.
    pub fn one_worker_runs(&self, file: usize, func: usize) -> Option<String> {
        let m = self.ws.files.get(file)?.model;
        let top = super::func::outermost(&m.fns, func);
        let tests = m.test_file || m.in_test(m.fns.get(top)?.span);
        if !m.whole_program && m.entry.public.contains(&(top as u32)) {
            return None;
        }
        let site = self.worker_of(file, func, tests)?;
        Some(format!(
            "`{}` runs only in one worker task, spawned once in {}, which runs it one call after the other",
            m.fns[top].name, self.ws.files[site.0].path
        ))
    }

    /// Whether the fields `fields` of `self` in function `fi` of file `file` are owned by the
    /// value: each one held by value (a struct, a lock, a `Box`), or an `Arc` / `Rc` that only
    /// its owner holds ([`private_fields`], and no other file mentions the field), not a
    /// reference or a pointer other values share.
    fn owned_path(&self, file: usize, fi: usize, fields: &[String]) -> bool {
        let Some(m) = self.ws.files.get(file).map(|f| f.model) else {
            return false;
        };
        let r = self.ws.resolver_in(file);
        let steps = self_path_steps(&r, &m.fns, fi, fields);
        // a type the resolver does not know may be anything: not owned
        if steps.len() < fields.len() {
            return false;
        }
        for (owner, field, res) in steps {
            let Some(owner) = owner else {
                return false;
            };
            let t = res.ty.text.trim();
            if t.is_empty() || t.starts_with('&') || t.starts_with('*') || t.contains("Weak<") {
                return false;
            }
            // a `watch` endpoint shares its channel's lock with the other endpoints (the
            // sender writes what every receiver reads), whoever owns this one
            if res.ty.watch_lock().is_some() {
                return false;
            }
            if shared_pointer(t) && !self.private_field(&owner, field) {
                return false;
            }
        }
        true
    }

    /// Whether some file defines the associated function `ctor` (`Client::new`) returning a
    /// new value of its type ([`value_ctors`]).
    fn value_ctor(&self, ctor: &str) -> bool {
        let defined = |c: &str| {
            self.ws
                .files
                .iter()
                .any(|f| f.model.value_ctors.iter().any(|v| v == c))
        };
        if defined(ctor) {
            return true;
        }
        // a type renamed where it is exported (`pub use raft::RemoteClient as RaftClient;`):
        // the constructor of the type the alias names
        let Some((ty, func)) = ctor.rsplit_once("::") else {
            return false;
        };
        self.renamed(ty)
            .is_some_and(|t| defined(&format!("{t}::{func}")))
    }

    /// The type that the name `ty` is an alias of where some file renames it in a `use`
    /// (`pub use raft::RemoteClient as RaftClient;`: `RaftClient` -> `RemoteClient`), when
    /// the workspace's renames of that name agree on one type; `None` for a name no `use`
    /// renames.
    fn renamed(&self, ty: &str) -> Option<String> {
        let mut named: Vec<&str> = self
            .ws
            .files
            .iter()
            .filter_map(|f| f.model.index.uses.get(ty))
            .filter_map(|path| path.rsplit("::").next())
            .filter(|t| *t != ty)
            .collect();
        named.sort_unstable();
        named.dedup();
        match named[..] {
            [t] => Some(t.to_string()),
            _ => None,
        }
    }

    /// Whether the `Arc` / `Rc` field `field` of struct `owner` is one only its owner holds:
    /// one file defines the struct and lists the field in [`private_fields`], and no other
    /// file mentions the field's name.
    fn private_field(&self, owner: &str, field: &str) -> bool {
        let defs: Vec<usize> = (0..self.ws.files.len())
            .filter(|&i| self.ws.files[i].model.index.structs.contains_key(owner))
            .collect();
        let [def] = defs[..] else {
            return false;
        };
        let private = self.ws.files[def]
            .model
            .private_fields
            .iter()
            .any(|(s, f)| s == owner && f == field);
        private
            && self
                .callers(super::entry::name_key(field))
                .by
                .iter()
                .all(|&(cf, _, _)| cf == def)
    }

    /// Why named function `top` of file `file` holds its `self` exclusively, or `None`: it
    /// takes `self` by value or `&mut self`; or (in a program whose callers are all in the
    /// run) it is a method whose every production caller (test callers for test code) calls
    /// it directly, awaited or as a statement of its own ([`SeqCall`]), on `self` or an
    /// owned field of `self` of a caller that holds `self` exclusively, or on a local the
    /// caller builds and uses alone. Followed up to `depth` callers up.
    fn receiver_exclusive(
        &self,
        file: usize,
        top: usize,
        tests: bool,
        depth: usize,
        seen: &mut Vec<(usize, usize)>,
    ) -> Option<String> {
        let m = self.ws.files.get(file)?.model;
        let f = m.fns.get(top)?;
        if f.self_exclusive && !f.spawned {
            return Some(format!("`{}` holds `self` exclusively", f.name));
        }
        if f.kind != super::FnKind::Method || depth == 0 || !m.whole_program {
            return None;
        }
        if seen.contains(&(file, top)) || seen.len() >= 32 {
            return None;
        }
        seen.push((file, top));
        let bare = f.name.rsplit("::").next().unwrap_or(&f.name);
        let callers = self.callers(super::entry::name_key(bare));
        if callers.in_item {
            return None;
        }
        let own_ty = f
            .self_ty
            .as_deref()
            .map(|t| t.rsplit("::").next().unwrap_or(t));
        let mut why: Option<String> = None;
        for &(cf, ct, test) in &callers.by {
            if test && !tests || (cf, ct) == (file, top) {
                continue;
            }
            let cm = self.ws.files.get(cf)?.model;
            let r = self.ws.resolver_in(cf);
            let mut calls = 0;
            for (ci, c) in cm.fns.iter().enumerate() {
                if super::func::outermost(&cm.fns, ci) != ct {
                    continue;
                }
                for k in c.calls.iter().filter(|k| k.name() == bare) {
                    calls += 1;
                    // (Rust has no overloading: a call with another number of arguments,
                    // `path.join(x)` or `handle.join()` for `join(&self, id, addr)`, runs
                    // another function)
                    if other_type_call(&r, &cm.fns, ci, k, own_ty, &|t| self.renamed(t))
                        || k.method().is_some() && k.args.len() != f.params.len()
                    {
                        continue;
                    }
                    let (p, _) = k.method()?;
                    let from = cm
                        .seq_calls
                        .partition_point(|s| (s.func as usize, s.span.start) < (ci, k.span.start));
                    let seq = cm.seq_calls[from..]
                        .iter()
                        .take_while(|s| s.func as usize == ci && s.span.start == k.span.start)
                        .find(|s| s.span == k.span)?;
                    let w = match &p.root {
                        super::Root::SelfRef => {
                            if !p.fields.is_empty() && !self.owned_path(cf, ci, &p.fields) {
                                return None;
                            }
                            self.receiver_exclusive(cf, ct, tests, depth - 1, seen)?
                        }
                        super::Root::Local(_)
                            if seq.owned
                                && seq.ctor.as_ref().is_none_or(|c| self.value_ctor(c)) =>
                        {
                            format!(
                                "`{}` runs it on a value it builds and uses alone, one call after the other",
                                cm.fns[ct].name
                            )
                        }
                        _ => return None,
                    };
                    why.get_or_insert_with(|| format!("`{}` is called only where {w}", f.name));
                }
            }
            // a mention that is no call: the method is passed as a value
            if calls == 0 {
                return None;
            }
        }
        why
    }

    /// The spawn site at `span` in function `fi` of file `f`, when it runs once per owner:
    /// no loop of the enclosing named function encloses it, and the spawned code at `body`
    /// loops (an empty `body`: the caller checked that).
    fn once_spawned(&self, f: usize, fi: usize, span: Span, body: Span) -> Option<SpawnSite> {
        let m = self.ws.files.get(f)?.model;
        let top = m.fns.get(super::func::outermost(&m.fns, fi))?;
        if m.loops
            .iter()
            .any(|l| top.body.encloses(*l) && l.start < span.start && span.end <= l.end)
        {
            return None;
        }
        if body.end > body.start && !m.loops.iter().any(|l| body.encloses(*l)) {
            return None;
        }
        // a spawner that its callers run in a loop (once per connection, per item) starts
        // one worker each time
        let bare = top.name.rsplit("::").next().unwrap_or(&top.name);
        let key = super::entry::name_key(bare);
        // (test code runs its own workers; a call that names another type, `Other::start()`
        // or `other.start()` on a value of another struct, runs another function)
        let own_ty = top
            .self_ty
            .as_deref()
            .map(|t| t.rsplit("::").next().unwrap_or(t));
        let in_loop = self.callers(key).by.iter().any(|&(cf, ct, test)| {
            !test
                && self.ws.files.get(cf).is_some_and(|cfile| {
                    let cm = cfile.model;
                    let r = self.ws.resolver_in(cf);
                    cm.fns.iter().enumerate().any(|(ci, c)| {
                        super::func::outermost(&cm.fns, ci) == ct
                            && c.calls.iter().any(|k| {
                                k.name() == bare
                                    && cm
                                        .loops
                                        .iter()
                                        .any(|l| l.start < k.span.start && k.span.end <= l.end)
                                    && !other_type_call(&r, &cm.fns, ci, k, own_ty, &|t| {
                                        self.renamed(t)
                                    })
                                    && !cannot_call(&r, &cm.fns, ci, k, top, &|t| self.renamed(t))
                            })
                    })
                })
        });
        if in_loop {
            return None;
        }
        Some((f, span))
    }
}

/// Whether the call `k` in function `fi` certainly names a function of a type other than
/// `own` (the called function's `Self`, `None` for a free function): a path `Other::f(..)`
/// whose type segment is another type, or a method call on a place whose type resolves to
/// another struct.
///
/// `renamed` gives the type an exported alias names (`pub use raft::RemoteClient as Client;`:
/// `Client` -> `RemoteClient`), for a type written as its alias.
fn other_type_call(
    r: &super::Resolver<'_>,
    fns: &[FnModel],
    fi: usize,
    k: &super::func::CallSite,
    own: Option<&str>,
    renamed: &dyn Fn(&str) -> Option<String>,
) -> bool {
    let other = |ty: &str, own: &str| ty != own && renamed(ty).is_none_or(|t| t != own);
    match &k.callee {
        super::func::Callee::Path { segments } => {
            let Some(ty) = segments.len().checked_sub(2).and_then(|i| segments.get(i)) else {
                return false;
            };
            ty.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && ty != "Self"
                && own.is_some_and(|o| other(ty, o))
        }
        super::func::Callee::Method { recv: Some(p), .. } => {
            let Some(own) = own else {
                // a method call never runs a free function
                return true;
            };
            r.resolve(fns, fi, p)
                .and_then(|res| {
                    res.ty.struct_name().map(|n| {
                        let n = n.rsplit("::").next().unwrap_or(n);
                        other(n, own)
                    })
                })
                .unwrap_or(false)
        }
        super::func::Callee::Method { recv: None, .. } => own.is_none(),
        super::func::Callee::Closure { .. } => true,
    }
}

/// Whether the call `k` in function `fi` cannot run the named function `callee` of the same
/// name: it names a function of another type ([`other_type_call`]); or its shape cannot
/// reach a function of `callee`'s kind (a method call of a function without a receiver, a
/// bare or module path `f(..)` / `m::f(..)` of an associated function or method, a type path
/// `T::f(..)` / `Self::f(..)` of a free function); or it is a method call with another number
/// of arguments than `callee` takes (Rust has no overloading).
fn cannot_call(
    r: &super::Resolver<'_>,
    fns: &[FnModel],
    fi: usize,
    k: &super::func::CallSite,
    callee: &FnModel,
    renamed: &dyn Fn(&str) -> Option<String>,
) -> bool {
    let own = callee
        .self_ty
        .as_deref()
        .map(|t| t.rsplit("::").next().unwrap_or(t));
    if other_type_call(r, fns, fi, k, own, renamed) {
        return true;
    }
    match &k.callee {
        super::func::Callee::Path { segments } => {
            let qualifier = segments.len().checked_sub(2).and_then(|i| segments.get(i));
            let typed = qualifier.is_some_and(|q| q.starts_with(|c: char| c.is_ascii_uppercase()));
            match callee.self_ty {
                // an associated function is named through its type (or `Self`, `<T>::f`)
                Some(_) => {
                    qualifier.is_none_or(|q| q.starts_with(|c: char| c.is_ascii_lowercase()))
                }
                // a free function through no type
                None => typed,
            }
        }
        super::func::Callee::Method { .. } => {
            callee.kind != super::FnKind::Method || k.args.len() != callee.params.len()
        }
        super::func::Callee::Closure { .. } => true,
    }
}

/// A method call made directly by a named function (not in a closure or async block inside
/// it) whose future or result is used up where it is made: awaited right there
/// (`client.join(id).await?`) or a statement of its own (`self.flush();`), not stored,
/// returned or handed to `join` / `select`. Its receiver is `self`, a field path of `self` or
/// a local. (Per file, with the source text; the workspace phase asks whether a method runs
/// on a value one actor holds: [`SoleWriters::exclusive_at`].)
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SeqCall {
    /// The named function making the call.
    pub func: u32,
    /// The call's span (receiver included).
    pub span: Span,
    /// The receiver is a local the function builds itself (`let c = Client::new(addr);`,
    /// a struct literal) and uses only as the receiver of such calls: no other actor can
    /// reach it.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub owned: bool,
    /// For an owned local built by an associated function, that function (`Client::new`):
    /// the workspace phase checks that it returns a new value, not a shared one
    /// ([`value_ctors`]). `None` for a struct literal.
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub ctor: Option<String>,
}

/// The [`SeqCall`]s of a file's named functions.
pub fn sequential_calls(fns: &[FnModel], text: &str) -> Vec<SeqCall> {
    let mut out = Vec::new();
    for (fi, f) in fns.iter().enumerate() {
        if f.parent.is_some() {
            continue;
        }
        let mut seq: Vec<(Span, Option<&str>)> = Vec::new();
        for c in &f.calls {
            let Some((p, _)) = c.method() else { continue };
            let local = match &p.root {
                super::Root::SelfRef => None,
                super::Root::Local(n) if p.fields.is_empty() => Some(n.as_str()),
                _ => continue,
            };
            // (an argument of another call, `spawn(c.run())` / `join(a.f(), a.g())`, is
            // followed by `,` or `)`: neither awaited in place nor a statement)
            let Some(after) = text.get(c.span.end..) else {
                continue;
            };
            let after = after.trim_start();
            let awaited = after
                .strip_prefix(".await")
                .is_some_and(|r| !r.starts_with(|ch: char| ch.is_alphanumeric() || ch == '_'));
            // not awaited: a statement of its own (`self.flush();`), not a value stored,
            // returned or passed on (`let fut = c.join(1);`)
            let before = text.get(..c.span.start).unwrap_or("").trim_end();
            let statement = before.ends_with(';') || before.ends_with('{') || before.ends_with('}');
            if awaited || statement && (after.starts_with(';') || after.starts_with('?')) {
                seq.push((c.span, local));
            }
        }
        // the locals used only as receivers of those calls, built in this function
        // (a bounded number of locals per function: each costs a scan of the body)
        let mut owned_locals: Vec<(&str, Option<String>)> = Vec::new();
        let mut tried: Vec<&str> = Vec::new();
        for &(_, l) in &seq {
            let Some(name) = l else { continue };
            if tried.contains(&name) || tried.len() >= 8 {
                continue;
            }
            tried.push(name);
            if let Some(ctor) = owned_local(f, text, name, &seq) {
                owned_locals.push((name, ctor));
            }
        }
        for (span, l) in seq {
            let owner = owned_locals.iter().find(|(n, _)| Some(*n) == l);
            out.push(SeqCall {
                func: fi as u32,
                span,
                owned: owner.is_some(),
                ctor: owner.and_then(|(_, c)| c.clone()),
            });
        }
    }
    out.sort_by_key(|c| (c.func, c.span.start, c.span.end));
    out
}

/// Whether the local `name` of named function `f` is bound once, from a constructor call or
/// a struct literal (`Client::new(addr)`, `Self::connect(url).await?`, `Config { .. }`), and
/// every later mention of it in the function is the receiver of one of the calls `seq`:
/// `Some` with the constructor (`Client::new`; `None` for a literal), or `None`.
fn owned_local(
    f: &FnModel,
    text: &str,
    name: &str,
    seq: &[(Span, Option<&str>)],
) -> Option<Option<String>> {
    let ctor = owned_local_ctor(f, text, name)?;
    let b = f
        .bindings
        .iter()
        .find(|b| b.names.iter().any(|n| n == name))?;
    let body = text.get(b.span.end..f.body.end)?;
    let receivers: std::collections::HashSet<usize> = seq
        .iter()
        .filter(|(_, l)| *l == Some(name))
        .map(|(s, _)| s.start)
        .collect();
    let mut ok = true;
    super::entry::lex_idents_in(body, |at, ident, string| {
        if string || ident != name || !ok {
            return;
        }
        let at = b.span.end + at;
        // a field or method of something else (`x.name`)
        if text[..at].trim_end().ends_with('.') {
            return;
        }
        ok = receivers.contains(&at);
    });
    ok.then_some(ctor)
}

/// The constructor the one binding of local `name` in `f` is made by (`Some(None)` for a
/// struct literal), or `None` when it is not made so.
fn owned_local_ctor(f: &FnModel, text: &str, name: &str) -> Option<Option<String>> {
    let mut lets = f
        .bindings
        .iter()
        .filter(|b| b.names.iter().any(|n| n == name));
    let (Some(b), None) = (lets.next(), lets.next()) else {
        return None;
    };
    if b.names.len() != 1 || !f.body.encloses(b.span) {
        return None;
    }
    let init = b.init.and_then(|i| text.get(i.start..i.end))?;
    let mut core = init.trim();
    loop {
        let before = core;
        core = core
            .trim_end_matches('?')
            .trim_end()
            .trim_end_matches(".await")
            .trim_end_matches(".unwrap()")
            .trim_end();
        if core == before {
            break;
        }
    }
    // `Type::ctor(..)` / `Self::ctor(..)` / `Type { .. }`, also through a module path
    // (`dht::Client::new(..)`, `config::Settings { .. }`)
    let head: String = core
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
        .collect();
    let rest = core[head.len()..].trim_start();
    let upper = |s: &str| s.starts_with(|c: char| c.is_ascii_uppercase());
    let segs: Vec<&str> = head.split("::").filter(|s| !s.is_empty()).collect();
    let ctor = segs.len() >= 2
        && upper(segs[segs.len() - 2])
        && rest.starts_with('(')
        && core.ends_with(')');
    let literal = segs.last().is_some_and(|l| upper(l))
        && segs[..segs.len() - 1].iter().all(|s| !upper(s))
        && rest.starts_with('{')
        && core.ends_with('}');
    if literal {
        return Some(None);
    }
    if !ctor {
        return None;
    }
    // `Type::f` (generic arguments left out), `Self::f` of the function's own type
    let segs: Vec<&str> = head.split("::").filter(|s| !s.is_empty()).collect();
    let [.., ty, func] = segs[..] else {
        return None;
    };
    let ty = if ty == "Self" {
        let own = f.self_ty.as_deref()?;
        own.rsplit("::")
            .next()
            .unwrap_or(own)
            .split('<')
            .next()
            .unwrap_or(own)
    } else {
        ty
    };
    Some(Some(format!("{ty}::{func}")))
}

/// The associated functions of the file's `impl` blocks that return a new value of their
/// type (`-> Self`, `-> Client`, `-> Result<Self, E>`, `-> Option<Self>`), as `Type::f`: a
/// value built by one is held by whoever called it (not an `Arc<Self>` also kept by a task
/// the function spawned, nor a reference to a shared instance).
pub fn value_ctors(file: &syn::File) -> Vec<String> {
    fn names_self(ty: &syn::Type, own: &str) -> bool {
        let syn::Type::Path(p) = ty else { return false };
        let Some(last) = p.path.segments.last() else {
            return false;
        };
        if last.ident == "Self" || last.ident == own {
            return true;
        }
        if last.ident != "Result" && last.ident != "Option" {
            return false;
        }
        let syn::PathArguments::AngleBracketed(a) = &last.arguments else {
            return false;
        };
        matches!(a.args.first(), Some(syn::GenericArgument::Type(t)) if names_self(t, own))
    }
    fn walk(items: &[syn::Item], out: &mut Vec<String>) {
        for item in items {
            match item {
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        walk(items, out);
                    }
                }
                syn::Item::Impl(imp) if imp.trait_.is_none() => {
                    let Some(own) = super::index::type_name(&imp.self_ty) else {
                        continue;
                    };
                    if matches!(&*imp.self_ty, syn::Type::Reference(_)) {
                        continue;
                    }
                    for it in &imp.items {
                        let syn::ImplItem::Fn(f) = it else { continue };
                        if f.sig.receiver().is_some() {
                            continue;
                        }
                        if let syn::ReturnType::Type(_, t) = &f.sig.output
                            && names_self(t, &own)
                        {
                            out.push(format!("{own}::{}", f.sig.ident));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&file.items, &mut out);
    out.sort();
    out.dedup();
    out
}

/// The `Arc` / `Rc` fields of the file's structs that only their owner holds: the field is
/// private, the struct is not `Clone`, and every mention of the field's name in the file
/// (outside the struct) is a method call or field access on it that neither clones nor
/// downgrades it (`self.map.get(&k)`), or its initialisation with a new value
/// (`map: Arc::new(DashMap::new())`). A value that holds such a field exclusively holds what
/// the pointer points to exclusively too. (Mentions in other files are checked in the
/// workspace phase.)
pub fn private_fields(
    file: &syn::File,
    text: &str,
    index: &super::ItemIndex,
) -> Vec<(String, String)> {
    let mut cands: Vec<(String, String, Span)> = Vec::new();
    fn walk(items: &[syn::Item], index: &super::ItemIndex, out: &mut Vec<(String, String, Span)>) {
        for item in items {
            match item {
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        walk(items, index, out);
                    }
                }
                syn::Item::Struct(s) => {
                    let name = s.ident.to_string();
                    let derives_clone = s.attrs.iter().any(|a| {
                        a.path().is_ident("derive") && {
                            let mut clone = false;
                            let _ = a.parse_nested_meta(|m| {
                                clone |= m.path.segments.last().is_some_and(|l| l.ident == "Clone");
                                Ok(())
                            });
                            clone
                        }
                    });
                    if derives_clone
                        || index
                            .trait_impls
                            .iter()
                            .any(|(t, ty)| t == "Clone" && *ty == name)
                    {
                        continue;
                    }
                    let Some(fields) = index.structs.get(&name) else {
                        continue;
                    };
                    for f in &s.fields {
                        let (Some(id), syn::Visibility::Inherited) = (&f.ident, &f.vis) else {
                            continue;
                        };
                        let id = id.to_string();
                        if fields.get(&id).is_some_and(|t| shared_pointer(&t.text)) {
                            out.push((name.clone(), id, super::span::span_of(s)));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    walk(&file.items, index, &mut cands);
    if cands.is_empty() {
        return Vec::new();
    }
    let names: std::collections::HashSet<&str> = cands.iter().map(|c| c.1.as_str()).collect();
    let mut bad: std::collections::HashSet<String> = Default::default();
    super::entry::lex_idents_in(text, |at, ident, string| {
        if string || !names.contains(ident) || bad.contains(ident) {
            return;
        }
        let Some(c) = cands.iter().find(|c| c.1 == ident) else {
            return;
        };
        if cands
            .iter()
            .any(|c| c.1 == ident && c.2.start <= at && at < c.2.end)
        {
            return;
        }
        let before = text[..at].trim_end();
        let after = text[at + ident.len()..].trim_start();
        let fine = if before.ends_with('.') && !before.ends_with("..") {
            // `x.field.method(..)` / `x.field.inner`, but not a clone of the pointer
            after.strip_prefix('.').is_some_and(|r| {
                let m: String = r
                    .trim_start()
                    .chars()
                    .take_while(|ch| ch.is_alphanumeric() || *ch == '_')
                    .collect();
                !m.is_empty() && !["clone", "to_owned", "downgrade", "into"].contains(&m.as_str())
            })
        } else {
            // `field: Arc::new(..)` in a struct literal
            after.strip_prefix(':').is_some_and(|r| {
                let r = r.trim_start();
                !r.starts_with(':') && FRESH.iter().any(|f| r.starts_with(f))
            })
        };
        if !fine {
            bad.insert(c.1.clone());
        }
    });
    let mut out: Vec<(String, String)> = cands
        .into_iter()
        .filter(|c| !bad.contains(&c.1))
        .map(|(s, f, _)| (s, f))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Initialisers that make a new shared pointer, which nobody else holds yet.
const FRESH: &[&str] = &[
    "Arc::new(",
    "std::sync::Arc::new(",
    "Rc::new(",
    "std::rc::Rc::new(",
    "Default::default()",
    "Arc::default()",
    "Rc::default()",
];

/// A type written as a shared pointer (`Arc<..>`, `std::rc::Rc<..>`).
/// Whether the place `self.<fields>` in function `fi` belongs to `self` alone, so that holding
/// `self` exclusively (`&mut self`) holds it exclusively too: no field on the path is an `Arc` /
/// `Rc` that other values of the same type share ([`peer_shared`]; one in [`private_fields`]
/// is its owner's alone). A field whose type the file does not know counts as owned.
/// (`&mut self` of a per-connection struct does not make the `Arc<RwLock<..>>` every connection
/// was built with exclusive.)
pub fn self_path_owned(model: &FileModel, fi: usize, fields: &[String]) -> bool {
    let r = super::Resolver::new(&model.index);
    // a prefix the resolver does not know ends the walk: counted as owned
    self_path_steps(&r, &model.fns, fi, fields)
        .into_iter()
        .all(|(owner, field, res)| {
            let private = owner.as_deref().is_some_and(|o| {
                model
                    .private_fields
                    .iter()
                    .any(|(s, f)| s == o && f == field)
            });
            // a `watch` endpoint shares its channel's lock with the other endpoints
            res.ty.watch_lock().is_none()
                && !(shared_pointer(res.ty.text.trim())
                    && !private
                    && owner
                        .as_deref()
                        .is_some_and(|o| peer_shared(model, o, field)))
        })
}

/// The steps of the place `self.<fields>` in function `fi`: for each field, the struct it is a
/// field of (the impl's type, then the struct the step before leads to; `None` where that is
/// not a struct), its name, and what `self.<fields up to it>` resolves to. The walk stops at
/// the first prefix the resolver does not know, so fewer steps than fields means an unknown
/// type on the way. ([`self_path_owned`] in a file, [`SoleWriters::owned_path`] in the
/// workspace.)
fn self_path_steps<'f>(
    r: &super::Resolver<'_>,
    fns: &[FnModel],
    fi: usize,
    fields: &'f [String],
) -> Vec<(Option<String>, &'f str, super::Resolved)> {
    let top = super::func::outermost(fns, fi);
    let mut owner = fns[top].self_ty.as_deref().map(|t| {
        t.rsplit("::")
            .next()
            .unwrap_or(t)
            .split('<')
            .next()
            .unwrap_or(t)
            .to_string()
    });
    let mut out = Vec::with_capacity(fields.len());
    for n in 1..=fields.len() {
        let part = super::Place {
            root: super::Root::SelfRef,
            fields: fields[..n].to_vec(),
            text: String::new(),
        };
        let Some(res) = r.resolve_object(fns, fi, &part) else {
            break;
        };
        let next = res
            .ty
            .struct_name()
            .map(|s| s.rsplit("::").next().unwrap_or(s).to_string());
        out.push((
            std::mem::replace(&mut owner, next),
            fields[n - 1].as_str(),
            res,
        ));
    }
    out
}

/// Whether several values of struct `owner` may share what its `Arc` / `Rc` field `field`
/// points to, so that a `&mut self` method of one runs beside the same method of another on
/// the same pointee: a struct literal of the file takes the field from a field of `self` (a
/// factory: every value it builds shares it), or from one local in two literals (`(Self { s:
/// s.clone() }, Self { s })`). A field every literal fills with a new value (`Arc::new(..)`),
/// from a parameter (`FlowChecker::new(ratio)`, mostly called once) or from a local used once,
/// is taken as shared only with what that one value hands it to (readers, its own tasks).
fn peer_shared(model: &FileModel, owner: &str, field: &str) -> bool {
    for f in &model.fns {
        let mut locals: Vec<&str> = Vec::new();
        for init in &f.field_inits {
            let mine = init.field == field
                && (init.owner == owner || init.owner == "Self" && self_is(f, model, owner));
            if !mine {
                continue;
            }
            match &init.source.root {
                super::Root::SelfRef => return true,
                super::Root::Local(n) => {
                    if locals.contains(&n.as_str()) {
                        return true;
                    }
                    locals.push(n);
                }
                _ => {}
            }
        }
    }
    false
}

/// Whether function `f` (or the function it is nested in) is a method of `owner`.
fn self_is(f: &FnModel, model: &FileModel, owner: &str) -> bool {
    let ty = f.self_ty.as_deref().or_else(|| {
        let mut cur = f.parent;
        while let Some(p) = cur {
            if let Some(t) = model.fns[p].self_ty.as_deref() {
                return Some(t);
            }
            cur = model.fns[p].parent;
        }
        None
    });
    ty.is_some_and(|t| t.rsplit("::").next().unwrap_or(t).split('<').next() == Some(owner))
}

fn shared_pointer(ty: &str) -> bool {
    let t = ty.trim_start_matches("::");
    let t = ["std::sync::", "alloc::sync::", "std::rc::", "alloc::rc::"]
        .iter()
        .fold(t, |t, p| t.strip_prefix(p).unwrap_or(t));
    t.starts_with("Arc<") || t.starts_with("Rc<")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_skip_comments_and_split_literals() {
        let w = words("a.join(\"x.lock\") // temp_dir\n /* cache */ b_c 'x' \"q\\\"r\"");
        assert_eq!(w.idents, vec!["a", "join", "b_c"]);
        assert_eq!(w.calls, vec!["join"]);
        assert_eq!(w.strings, vec!["x.lock", "q\\\"r"]);
    }

    #[test]
    fn arc_holds_reads_types_not_text() {
        use crate::model::types::arc_holds;
        assert!(arc_holds("Arc<Store>", "Store"));
        assert!(arc_holds("std::sync::Arc<RwLock<Store>>", "Store"));
        assert!(arc_holds("Option<Vec<Arc<Mutex<Store>>>>", "Store"));
        assert!(!arc_holds("Arc<StoreConfig>", "Store"));
        assert!(!arc_holds("Mutex<Store>", "Store"));
        assert!(!arc_holds("Arc<Other> /* Arc<Store> */", "Store"));
        assert!(!arc_holds("Store", "Store"));
    }

    #[test]
    fn segments_of_identifiers() {
        let s: Vec<String> = segments("pid_fileLockPath").collect();
        assert_eq!(s, vec!["pid", "file", "lock", "path"]);
    }
}
