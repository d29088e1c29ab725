//! The concurrency model: the facts every rule family queries.
//!
//! One pass over each file's AST ([`build_file_model`]) produces, per function (and per
//! closure / async block, which are separate contexts), the ordered facts: lock acquisitions
//! with the exact lifetime of their guard, `.await` points, atomic operations, `let` bindings
//! (for data flow) and calls. Everything is owned data with byte spans, so it survives the
//! parse and crosses threads. [`Workspace`] merges the item indexes of all files and resolves
//! what one file could not (a field whose struct is defined elsewhere).

pub mod actors;
pub mod channels;
pub mod condvar;
pub mod data;
pub mod decisions;
pub mod entry;
pub mod facts;
pub mod flags;
pub mod func;
pub mod guard_use;
pub mod index;
pub mod lock_graph;
pub mod parse;
pub mod place;
pub mod refusals;
pub mod rereads;
pub mod span;
pub mod stored;
pub mod syntax;
pub mod test_code;
pub mod types;
pub mod writes;

pub use func::{
    Acquisition, AtomicOp, Binding, CallSite, Callee, FnKind, FnModel, GuardKind, Mode,
};
pub use index::ItemIndex;
pub use place::{Edition, Place, Root};
pub use types::{LockFamily, LockType, TypeClass, TypeInfo};

use crate::model::index::StaticInfo;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What a type walk starts from, once a function's locals are taken into account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Start {
    Struct { name: String },
    Static { name: String },
    Type { ty: TypeInfo },
}

/// What a candidate diagnostic assumed about a place it could not resolve in its own file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub start: Start,
    pub fields: Vec<String>,
    pub want: Want,
    /// Whether the candidate stands when the workspace cannot tell either.
    pub allow_unknown: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Want {
    Lock,
    AsyncLock,
    BlockingLock,
    /// An atomic, or arc-swap's `ArcSwap` (an atomic `Arc`).
    Atomic,
}

impl Want {
    /// Whether a type is what is wanted.
    pub fn holds(self, ty: &TypeInfo) -> bool {
        match self {
            Want::Lock => ty.lock().is_some(),
            Want::AsyncLock => ty.lock().is_some_and(|l| l.is_async),
            Want::BlockingLock => ty.lock().is_some_and(|l| !l.is_async),
            Want::Atomic => ty.is_atomic() || ty.is_arc_swap(),
        }
    }
}

/// What a place resolved to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Resolved {
    pub ty: TypeInfo,
    /// A canonical name for "the same object" across functions and files: `Bank.accounts`,
    /// `static COUNTER`, `transfer::m`.
    pub identity: String,
}

/// One parsed file as the model's fact collectors read it: the only place that hands out the
/// syntax tree.
#[derive(Clone, Copy)]
pub struct FileSyntax<'a> {
    pub path: &'a str,
    pub source: &'a crate::source::SourceFile,
    pub ast: &'a syn::File,
    pub model: &'a FileModel,
}

/// The model of one file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FileModel {
    pub index: ItemIndex,
    pub fns: Vec<FnModel>,
    pub edition_2024: bool,
    /// Test code ([`test_code`]): the whole file (a test, bench, example or build script), or
    /// the spans of its test items (`#[test]` functions, `#[cfg(test)]` modules).
    pub test_file: bool,
    pub test_items: Vec<crate::diagnostic::Span>,
    /// Entry-point facts ([`entry`]): roots, `pub` functions, and who mentions which name.
    #[serde(default)]
    pub entry: entry::EntryFacts,
    /// Unique constraints and primary keys the file declares (SeaORM migrations and
    /// entities, diesel `table!`, SQL string literals): [`data::unique`].
    #[serde(default)]
    pub unique_keys: Vec<data::unique::UniqueKey>,
    /// The file's package is walked with its whole Cargo workspace and is no library API:
    /// every caller and every other user of its items is in the run
    /// ([`crate::source::CrateOrigin::callers_visible`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub whole_program: bool,
    /// The spans of the file's `for`, `while` and `loop` expressions, in source order: for the
    /// per-file rules' rewrites, and for the workspace phase's single-writer facts (a task
    /// spawned inside a loop, a worker that loops: [`actors::SoleWriters`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub loops: Vec<crate::diagnostic::Span>,
    /// The method calls the named functions make one after the other, each used up where it
    /// is made, and whether the receiver is a local the function owns alone
    /// ([`actors::sequential_calls`]): for the workspace phase's exclusive receivers
    /// ([`actors::SoleWriters::exclusive_at`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub seq_calls: Vec<actors::SeqCall>,
    /// (struct, field): the `Arc` / `Rc` fields that only their owner holds
    /// ([`actors::private_fields`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub private_fields: Vec<(String, String)>,
    /// `Type::f`: the associated functions that return a new value of their type
    /// ([`actors::value_ctors`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub value_ctors: Vec<String>,
    /// Channel creations and operations ([`channels`]).
    #[serde(default, skip_serializing_if = "channels::ChannelFacts::is_empty")]
    pub channels: channels::ChannelFacts,
    /// The names of the macros the file's functions call, other than std's and the known
    /// ones (sorted): a call of another crate's lock macro makes the file worth modelling
    /// again with the workspace's macros ([`index::LockMacro`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub macro_calls: Vec<String>,
    /// Functions ordered by span for [`FileModel::fn_enclosing`].
    #[serde(skip)]
    lookup: FnLookup,
}

/// The functions of a file sorted by start (outer before inner), each with the innermost
/// function whose span encloses it: finds the function around an offset in O(log n + depth)
/// instead of a scan of every function, which rules asking it for every expression of a file
/// with hundreds of functions made quadratic.
#[derive(Clone, Debug, Default)]
struct FnLookup {
    /// Indexes into `fns`, by (start, end descending, index descending).
    order: Vec<usize>,
    /// For each position in `order`, the position of the innermost function enclosing it.
    enclosing: Vec<Option<usize>>,
    /// Spans that overlap without nesting (not seen in parsed Rust): fall back to a scan.
    laminar: bool,
}

impl FnLookup {
    fn build(fns: &[FnModel]) -> FnLookup {
        let mut order: Vec<usize> = (0..fns.len()).collect();
        order.sort_by_key(|&i| {
            (
                fns[i].span.start,
                std::cmp::Reverse(fns[i].span.end),
                std::cmp::Reverse(i),
            )
        });
        let mut enclosing = Vec::with_capacity(order.len());
        let mut stack: Vec<usize> = Vec::new();
        let mut laminar = true;
        for (pos, &i) in order.iter().enumerate() {
            let sp = fns[i].span;
            while let Some(&top) = stack.last() {
                let t = fns[order[top]].span;
                if t.encloses(sp) {
                    break;
                }
                if sp.start < t.end {
                    laminar = false;
                }
                stack.pop();
            }
            enclosing.push(stack.last().copied());
            stack.push(pos);
        }
        FnLookup {
            order,
            enclosing,
            laminar,
        }
    }

    fn find(&self, fns: &[FnModel], span: crate::diagnostic::Span) -> Option<usize> {
        if !self.laminar || self.order.len() != fns.len() {
            return innermost_fn(fns, span);
        }
        let n = self
            .order
            .partition_point(|&i| fns[i].span.start <= span.start);
        let mut pos = n.checked_sub(1);
        while let Some(p) = pos {
            let i = self.order[p];
            if fns[i].span.encloses(span) {
                return Some(i);
            }
            pos = self.enclosing[p];
        }
        None
    }
}

/// The innermost function (closure, async block) whose span encloses `span`.
pub fn innermost_fn(fns: &[FnModel], span: crate::diagnostic::Span) -> Option<usize> {
    fns.iter()
        .enumerate()
        .filter(|(_, f)| f.span.encloses(span))
        .min_by_key(|(_, f)| f.span.end - f.span.start)
        .map(|(i, _)| i)
}

impl FileModel {
    pub fn new(index: ItemIndex, fns: Vec<FnModel>, edition_2024: bool) -> FileModel {
        let lookup = FnLookup::build(&fns);
        FileModel {
            index,
            fns,
            edition_2024,
            test_file: false,
            test_items: Vec::new(),
            entry: entry::EntryFacts::default(),
            unique_keys: Vec::new(),
            whole_program: false,
            loops: Vec::new(),
            seq_calls: Vec::new(),
            private_fields: Vec::new(),
            value_ctors: Vec::new(),
            channels: Default::default(),
            macro_calls: Vec::new(),
            lookup,
        }
    }

    /// A copy for the workspace phase.
    pub fn kept(&self) -> FileModel {
        self.clone()
    }

    /// Rebuild the function lookup (not serialised) after the model is read back from the
    /// cache.
    pub fn reindex(&mut self) {
        self.lookup = FnLookup::build(&self.fns);
    }

    /// Whether one guard is alive at both offsets `a` and `b` of function `fi` (its own or an
    /// enclosing function's, up to a spawned closure, which runs on its own).
    pub fn guard_covers(&self, fi: usize, a: usize, b: usize) -> bool {
        let mut cur = Some(fi);
        while let Some(i) = cur {
            let f = &self.fns[i];
            if f.acquisitions.iter().any(|g| g.live_at(a) && g.live_at(b)) {
                return true;
            }
            if f.spawned {
                break;
            }
            cur = f.parent;
        }
        false
    }

    /// Whether `span` is test code.
    pub fn in_test(&self, span: crate::diagnostic::Span) -> bool {
        self.test_file || self.test_items.iter().any(|t| t.encloses(span))
    }

    /// The innermost function whose span contains the byte at `offset`.
    pub fn fn_containing(&self, offset: usize) -> Option<usize> {
        self.fn_enclosing(crate::diagnostic::Span::new(offset, offset + 1))
    }

    /// Drop what only the per-file rules read, once they ran: the workspace phase keeps every
    /// file's model, so this is what memory grows by per file. `let` bindings are read there
    /// only for a `try_lock` guard's statement and for a closure stored in a `let`. (The copy
    /// `analysis::analyze_file` then makes allocates every vector at its length.)
    pub fn slim(&mut self) {
        for f in &mut self.fns {
            let keep_bindings = f.acquisitions.iter().any(|a| a.is_try)
                || f.calls
                    .iter()
                    .any(|c| matches!(c.callee, Callee::Closure { .. }));
            if !keep_bindings {
                f.bindings = Vec::new();
            }
            // data flow is a per-file fact; the workspace reads a binding's names and spans
            for b in &mut f.bindings {
                b.deps = Vec::new();
            }
            f.binding_index = Default::default();
            f.local_index = Default::default();
            // read only while the file's own rules run: the `.await` expressions, the
            // helpers' accesses (the calls' argument spans stay: the workspace phase tells
            // a closure run in place from one handed to a call by them)
            f.await_exprs = Vec::new();
            f.helper_accesses = Vec::new();
            f.held_index = Default::default();
            f.acq_index = Default::default();
        }
    }

    /// Whether any function of the file performs an atomic operation.
    pub fn has_atomics(&self) -> bool {
        self.fns.iter().any(|f| !f.atomics.is_empty())
    }

    /// The innermost function (closure, async block) whose span encloses `span`: the same
    /// answer as [`innermost_fn`], from a sorted index.
    pub fn fn_enclosing(&self, span: crate::diagnostic::Span) -> Option<usize> {
        self.lookup.find(&self.fns, span)
    }
}

pub fn build_file_model(
    file: &syn::File,
    source: &crate::source::SourceFile,
    edition: Edition,
) -> FileModel {
    build_file_model_with(file, source, edition, None)
}

/// [`build_file_model`] with the helpers of the workspace's other files that this file calls
/// ([`index::Externals`]): their calls here are modelled as what the helpers do. The
/// externals are not kept in the file's index.
pub fn build_file_model_with(
    file: &syn::File,
    source: &crate::source::SourceFile,
    edition: Edition,
    externals: Option<std::sync::Arc<index::Externals>>,
) -> FileModel {
    let mut index = ItemIndex::build_with(file, externals);
    let (mut fns, test_items, loops, macro_calls) = func::build_fns(file, source, edition, &index);
    actors::mark_unshared_receivers(&index, &mut fns);
    index.externals = None;
    let mut model = FileModel::new(index, fns, edition.is_2024());
    model.test_file = match &source.origin {
        Some(o) => test_code::is_test_path(&o.rel) || test_code::is_test_crate(&o.package),
        None => test_code::is_test_path(&source.path),
    };
    let library_api = source.origin.as_ref().is_some_and(|o| o.library_api);
    let callers_visible = source.origin.as_ref().is_some_and(|o| o.callers_visible);
    model.entry = entry::collect(
        file,
        &source.text,
        &model.fns,
        &test_items,
        model.test_file,
        library_api,
    );
    // a `pub` function that nothing mentions is an entry point only where callers can be
    // outside the run: library API, or a workspace this run does not see whole
    if callers_visible && !library_api {
        model.entry.public.clear();
        model.whole_program = true;
    }
    model.test_items = test_items;
    model.loops = loops;
    model.macro_calls = macro_calls;
    model.seq_calls = actors::sequential_calls(&model.fns, &source.text);
    model.private_fields = actors::private_fields(file, &source.text, &model.index);
    model.value_ctors = actors::value_ctors(file);
    model.unique_keys = data::unique::from_rust(file, &source.text, &source.path);
    model.channels = channels::collect(file, &model);
    model
}

/// Resolution of places against an item index (one file's, or the merged workspace's).
pub struct Resolver<'a> {
    pub index: &'a ItemIndex,
    /// In the workspace phase: the file the places are in. Its own structs and statics come
    /// first, then the ones its `use`s name, then the merged index (where the first of two
    /// same-named definitions wins).
    scope: Option<Scope<'a>>,
}

#[derive(Clone, Copy)]
struct Scope<'a> {
    local: &'a ItemIndex,
    /// Struct names defined in several files, imported by this one: the file it imports.
    imported: Option<&'a BTreeMap<String, usize>>,
    /// The workspace's files (for the imported file's index and module path).
    files: &'a [WsFile<'a>],
    /// This file's position in `files`.
    file: usize,
    /// Struct names defined in more than one file.
    ambiguous: &'a BTreeSet<String>,
    /// Each file's short module path (`blocking::pool`, [`module_path`]).
    modules: &'a [String],
}

impl<'a> Resolver<'a> {
    /// A resolver over one index (a file's, or the merged workspace's).
    pub fn new(index: &'a ItemIndex) -> Resolver<'a> {
        Resolver { index, scope: None }
    }

    /// The fields of struct `name` as seen from the scope's file, and, when several files
    /// define a struct of that name and the scope tells which one this is, the module path of
    /// the file defining it (`blocking::pool` for `Inner` of `src/runtime/blocking/pool.rs`): two structs
    /// named `Inner` in two modules are two types, and their fields two objects.
    fn struct_fields(
        &self,
        name: &str,
    ) -> Option<(&'a BTreeMap<String, TypeInfo>, Option<&'a str>)> {
        if let Some(sc) = self.scope {
            let qualify = |file: usize| {
                sc.ambiguous
                    .contains(name)
                    .then(|| sc.modules.get(file).map(String::as_str))
                    .flatten()
            };
            if let Some(f) = sc.local.structs.get(name) {
                return Some((f, qualify(sc.file)));
            }
            if let Some(&c) = sc.imported.and_then(|m| m.get(name))
                && let Some(f) = sc.files[c].model.index.structs.get(name)
            {
                return Some((f, qualify(c)));
            }
        }
        self.index.structs.get(name).map(|f| (f, None))
    }

    fn static_info(&self, name: &str) -> Option<&'a StaticInfo> {
        if let Some(sc) = self.scope
            && let Some(s) = sc.local.statics.get(name)
        {
            return Some(s);
        }
        self.index.statics.get(name)
    }
}

impl Resolver<'_> {
    /// Where a type walk for `place` starts in function `f` (of `fns`).
    pub fn start(
        &self,
        fns: &[FnModel],
        f: usize,
        place: &Place,
        depth: usize,
    ) -> Option<(Start, Vec<String>, String)> {
        self.start_at(fns, f, place, depth, usize::MAX)
    }

    /// [`Resolver::start`] for `place` written at offset `at` of `f`: a local is the one in
    /// scope there (`usize::MAX`: the latest of the body).
    pub fn start_at(
        &self,
        fns: &[FnModel],
        f: usize,
        place: &Place,
        depth: usize,
        at: usize,
    ) -> Option<(Start, Vec<String>, String)> {
        if depth > 8 {
            return None;
        }
        let fm = &fns[f];
        match &place.root {
            Root::SelfRef => {
                let ty = fm.self_ty.clone()?;
                Some((
                    Start::Struct { name: ty },
                    place.fields.clone(),
                    String::new(),
                ))
            }
            Root::Static(name) => Some((
                Start::Static { name: name.clone() },
                place.fields.clone(),
                String::new(),
            )),
            Root::Local(name) => {
                // a local naming another place (`let m = self.m.clone()`): that place
                if let Some((p, ci, pos)) = func::unalias_at(fns, f, place, at) {
                    return self.start_at(fns, ci, &p, depth + 1, pos);
                }
                // the function's own locals and parameters, then the enclosing functions'
                let mut cur = Some(f);
                while let Some(ci) = cur {
                    let c = &fns[ci];
                    // a closure sees its parents' locals in scope where it is written
                    let pos = if ci == f { at } else { fm.span.start };
                    if let Some(l) = c.local(name, pos) {
                        // `let inv = player.inventory();`: what the accessor returns
                        if l.ty.is_none()
                            && let Some(g) = &l.getter
                        {
                            let mut p = self.through_getter(fns, ci, g, l.offset, depth)?;
                            for f in &place.fields {
                                p.fields.push(f.clone());
                                if !syntax::is_element_field(f) {
                                    p.text.push('.');
                                }
                                p.text.push_str(f);
                            }
                            return self.start_at(fns, ci, &p, depth + 1, l.offset);
                        }
                        let local_id = format!("{}::{}", c.name, name);
                        return l.ty.as_ref().map(|ty| {
                            (
                                Start::Type { ty: ty.clone() },
                                place.fields.clone(),
                                local_id,
                            )
                        });
                    }
                    cur = c.parent;
                }
                // an upper-case name that is no local: a static from another module
                if name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
                    return Some((
                        Start::Static { name: name.clone() },
                        place.fields.clone(),
                        String::new(),
                    ));
                }
                None
            }
            Root::Other(_) => None,
        }
    }

    /// The place a getter call denotes (`player.inventory()` is `player.inventory` where the
    /// receiver's type has the accessor `fn inventory(&self) -> &Arc<Inventory> {
    /// &self.inventory }`, of any file of the workspace), in function `f` at `at`.
    fn through_getter(
        &self,
        fns: &[FnModel],
        f: usize,
        g: &func::Getter,
        at: usize,
        depth: usize,
    ) -> Option<Place> {
        let (start, fields, local_id) = self.start_at(fns, f, &g.recv, depth + 1, at)?;
        let recv = self.walk(&start, &fields, &local_id)?;
        let ty = recv.ty.struct_name()?;
        let sm = self.index.summary(Some(ty), &g.method, false)?;
        if sm.effect != index::Effect::Accessor
            || sm.accessor.is_some()
            || sm.base.is_some()
            || sm.self_ty != ty
        {
            return None;
        }
        let mut p = g.recv.clone();
        p.text = p.text.trim_start_matches('&').to_string();
        for f in &sm.fields {
            p.fields.push(f.clone());
            if !syntax::is_element_field(f) {
                p.text.push('.');
            }
            p.text.push_str(f);
        }
        Some(p)
    }

    /// Walk `fields` from `start`; returns the final type and the identity.
    pub fn walk(&self, start: &Start, fields: &[String], local_id: &str) -> Option<Resolved> {
        let (mut ty, mut identity) = match start {
            Start::Struct { name } => (
                TypeInfo {
                    class: TypeClass::Plain { name: name.clone() },
                    text: name.clone(),
                },
                name.clone(),
            ),
            Start::Static { name } => {
                let s = self.static_info(name)?;
                (s.ty.clone(), format!("static {name}"))
            }
            Start::Type { ty } => (ty.clone(), local_id.to_string()),
        };
        for (i, field) in fields.iter().enumerate() {
            // an element of a collection (`slots[i]`, `map.get(&k)`, a `for` loop's variable):
            // one identity for all of them, `S.slots[]`; a collection behind a lock is reached
            // through its guard (`SESSIONS.write().unwrap()[i]`)
            if syntax::is_element_field(field) {
                if let Some(inner) = ty.guarded() {
                    ty = inner.clone();
                }
                ty = self.element_type(&ty)?;
                identity.push_str("[]");
                continue;
            }
            // a field of a tuple (`entry.1` of a `(String, CachedAst)` loop item)
            if let Ok(n) = field.parse::<usize>()
                && let Some(elem) = self.tuple_elem(&ty, n)
            {
                ty = elem;
                identity = format!("{identity}.{field}");
                continue;
            }
            if let Some(inner) = ty.guarded() {
                // a field of the value behind a lock (`g.items` of a guard of `self.m`)
                ty = inner.clone();
            }
            let mut owner = ty.struct_name()?.to_string();
            let (mut fields_of, mut module) = self.struct_fields(&owner)?;
            // a field the type does not have is reached through its `Deref`: a one-field
            // newtype (`struct EndpointRef(Arc<EndpointInner>)`) derefs to its field
            if !fields_of.contains_key(field)
                && let Some(inner) = single_field(fields_of)
                && let Some(name) = inner.struct_name()
                && let Some((f2, m2)) = self.struct_fields(name)
            {
                owner = name.to_string();
                (fields_of, module) = (f2, m2);
            }
            let fty = fields_of.get(field)?;
            identity = if i == 0
                && matches!(start, Start::Type { .. } | Start::Static { .. })
                && ty.struct_name().is_none()
            {
                format!("{identity}.{field}")
            } else if let Some(m) = module {
                format!("{m}::{owner}.{field}")
            } else {
                format!("{owner}.{field}")
            };
            ty = fty.clone();
        }
        if let Some(one) = self.index.lock_aliases.get(&identity) {
            identity = one.clone();
        }
        Some(Resolved { ty, identity })
    }

    /// Part `n` of a tuple type (`(A, B)`, through `&`): `B` for `n == 1`.
    fn tuple_elem(&self, ty: &TypeInfo, n: usize) -> Option<TypeInfo> {
        let mut parsed: syn::Type = syn::parse_str(&ty.text).ok()?;
        let parsed = loop {
            parsed = match parsed {
                syn::Type::Reference(r) => *r.elem,
                syn::Type::Paren(p) => *p.elem,
                syn::Type::Group(g) => *g.elem,
                t => break t,
            }
        };
        let syn::Type::Tuple(t) = parsed else {
            return None;
        };
        let elem = t.elems.iter().nth(n)?;
        let uses = match self.scope {
            Some(sc) => &sc.local.uses,
            None => &self.index.uses,
        };
        Some(types::classify(elem, uses))
    }

    /// The element type of a collection type (`Vec<T>`, `VecDeque<T>`, `[T; N]`, `&[T]`,
    /// `Box<[T]>`, `Slab<T>`, a map's value type), through `Arc`/`Box`/once-cell wrappers.
    fn element_type(&self, ty: &TypeInfo) -> Option<TypeInfo> {
        let parsed: syn::Type = syn::parse_str(&ty.text).ok()?;
        let elem = types::element_of(&parsed)?;
        let uses = match self.scope {
            Some(sc) => &sc.local.uses,
            None => &self.index.uses,
        };
        Some(types::classify(elem, uses))
    }

    pub fn resolve(&self, fns: &[FnModel], f: usize, place: &Place) -> Option<Resolved> {
        self.resolve_at(fns, f, place, usize::MAX)
    }

    /// [`Resolver::resolve`] for `place` written at offset `at` of `f`.
    pub fn resolve_at(
        &self,
        fns: &[FnModel],
        f: usize,
        place: &Place,
        at: usize,
    ) -> Option<Resolved> {
        let (start, fields, local_id) = self.start_at(fns, f, place, 0, at)?;
        Some(self.through_newtype(self.walk(&start, &fields, &local_id)?))
    }

    /// What `place` is, as declared: a newtype over a lock stays the newtype (a method called
    /// on it is the newtype's method, `sp.active()` with `struct Service(Arc<RwLock<..>>)`),
    /// where [`Resolver::resolve`] gives the lock it wraps.
    pub fn resolve_object(&self, fns: &[FnModel], f: usize, place: &Place) -> Option<Resolved> {
        let (start, fields, local_id) = self.start(fns, f, place, 0)?;
        self.walk(&start, &fields, &local_id)
    }

    /// A tuple struct whose only field is a lock (`struct Handle(Arc<RwLock<Inner>>)`, reached
    /// through an accessor such as `self.wrapped.get().read()` or a `Deref`) is that lock:
    /// whatever locks it, locks its one field.
    fn through_newtype(&self, r: Resolved) -> Resolved {
        let TypeClass::Plain { name } = &r.ty.class else {
            return r;
        };
        let Some((fields, module)) = self.struct_fields(name) else {
            return r;
        };
        let mut it = fields.iter();
        match (it.next(), it.next()) {
            (Some((field, ty)), None) if field == "0" && ty.lock().is_some() => Resolved {
                identity: match module {
                    Some(m) => format!("{m}::{name}.{field}"),
                    None => format!("{name}.{field}"),
                },
                ty: ty.clone(),
            },
            _ => r,
        }
    }

    /// A name for the object `place` denotes in function `f` when its type cannot be walked:
    /// `Type.field` for `self`, `static NAME.field` for a static (the resolver's spelling),
    /// `outer_fn::text` for anything else (closures share their function's locals).
    pub fn fallback_identity(fns: &[FnModel], f: usize, place: &Place) -> String {
        match &place.root {
            Root::SelfRef => format!(
                "{}.{}",
                fns[f].self_ty.clone().unwrap_or_default(),
                place.fields.join(".")
            ),
            Root::Static(name) if place.fields.is_empty() => format!("static {name}"),
            Root::Static(name) => format!("static {name}.{}", place.fields.join(".")),
            _ => {
                let top = func::outermost(fns, f);
                format!("{}::{}", fns[top].name, place.text)
            }
        }
    }

    /// Whether two places of function `f` name the same object: the same text, or the same
    /// resolved identity.
    pub fn same_object(&self, fns: &[FnModel], f: usize, a: &Place, b: &Place) -> bool {
        if a.text == b.text {
            return true;
        }
        if self.distinct_fields(fns, f, a, b) {
            return false;
        }
        match (self.resolve(fns, f, a), self.resolve(fns, f, b)) {
            (Some(x), Some(y)) => !x.identity.is_empty() && x.identity == y.identity,
            _ => false,
        }
    }

    /// Two paths from one root that part at two fields held inline (`self.current.count` and
    /// `self.averages.count`): different memory, although their identities (by type and last
    /// field) are equal. Not when a parted field is shared (`Arc`, `Rc`, a reference), which
    /// two fields can hold to one object.
    fn distinct_fields(&self, fns: &[FnModel], f: usize, a: &Place, b: &Place) -> bool {
        if a.root != b.root || matches!(a.root, Root::Other(_)) {
            return false;
        }
        let Some(i) = a.fields.iter().zip(&b.fields).position(|(x, y)| x != y) else {
            return false;
        };
        if syntax::is_element_field(&a.fields[i]) || syntax::is_element_field(&b.fields[i]) {
            return false;
        }
        let inline = |p: &Place| {
            let mut q = p.clone();
            q.fields.truncate(i + 1);
            self.resolve_object(fns, f, &q).is_some_and(|r| {
                let t = r.ty.text.trim_start();
                ![
                    "&",
                    "Arc",
                    "Rc",
                    "Weak",
                    "std::sync::Arc",
                    "std::rc::Rc",
                    "*",
                ]
                .iter()
                .any(|w| t.starts_with(w))
            })
        };
        inline(a) && inline(b)
    }

    /// Whether a requirement holds: `Some(true/false)` when the index can tell.
    pub fn check(&self, r: &Requirement) -> Option<bool> {
        let res = self.walk(&r.start, &r.fields, "")?;
        Some(r.want.holds(&res.ty))
    }
}

/// One file as the workspace phase sees it: its path and its model.
#[derive(Clone, Copy)]
pub struct WsFile<'a> {
    pub path: &'a str,
    pub model: &'a FileModel,
}

/// Workspace-wide facts: every file's index merged, and every file's functions.
pub struct Workspace<'a> {
    pub index: ItemIndex,
    /// In path order.
    pub files: Vec<WsFile<'a>>,
    /// Per file: the struct names defined in several files that its `use`s import, with the
    /// index of the file that defines the one imported.
    imported: Vec<BTreeMap<String, usize>>,
    /// Struct names defined in more than one file.
    ambiguous: BTreeSet<String>,
    /// Per file: its module path, to tell same-named structs apart in identities.
    modules: Vec<String>,
    /// The struct names defined in more than one file, with those files.
    struct_defs: BTreeMap<String, Vec<usize>>,
}

impl<'a> Workspace<'a> {
    /// `files` in any order: they are sorted by path.
    pub fn build(files: impl IntoIterator<Item = WsFile<'a>>) -> Workspace<'a> {
        let mut files: Vec<WsFile<'a>> = files.into_iter().collect();
        files.sort_by(|a, b| a.path.cmp(b.path));
        let mut index = ItemIndex::default();
        for f in &files {
            index.merge(&f.model.index);
        }
        let (imported, ambiguous, struct_defs) = imported_structs(&files);
        let modules = if ambiguous.is_empty() {
            Vec::new()
        } else {
            files.iter().map(|f| module_path(f.path)).collect()
        };
        let mut ws = Workspace {
            index,
            files,
            imported,
            ambiguous,
            modules,
            struct_defs,
        };
        ws.index.lock_aliases = lock_aliases(&ws);
        ws
    }

    /// Whether type `ty` (its last path segment) has a method `name` that takes `&self`,
    /// and no method of that name that takes `&mut self` or `self`; and a field that can
    /// change behind `&self` (a lock, an atomic, a concurrent map, a cell, or an object of
    /// another library or application type: a store handle), so that a `&self` write can
    /// write at all.
    pub fn shared_method(&self, ty: &str, name: &str) -> bool {
        const VALUES: &[&str] = &[
            "Vec",
            "VecDeque",
            "String",
            "Option",
            "Box",
            "HashMap",
            "BTreeMap",
            "HashSet",
            "BTreeSet",
            "PathBuf",
            "Path",
            "Duration",
            "Instant",
            "SystemTime",
            "Result",
        ];
        let interior = self.index.structs.get(ty).is_some_and(|fields| {
            fields.values().any(|t| {
                t.is_arc_swap()
                    || match &t.class {
                        TypeClass::Plain { name } => {
                            name.starts_with(|c: char| c.is_ascii_uppercase())
                                && !VALUES.contains(&name.as_str())
                        }
                        TypeClass::Map { .. } => false,
                        _ => true,
                    }
            })
        });
        if !interior {
            return false;
        }
        let mut shared = false;
        for f in &self.files {
            for m in &f.model.fns {
                if m.kind != func::FnKind::Method
                    || m.name.rsplit("::").next() != Some(name)
                    || m.self_ty.as_deref().and_then(|t| t.rsplit("::").next()) != Some(ty)
                {
                    continue;
                }
                if m.self_exclusive {
                    return false;
                }
                shared = true;
            }
        }
        shared
    }

    /// A resolver over the merged index, for places whose file is not known.
    pub fn resolver(&self) -> Resolver<'_> {
        Resolver::new(&self.index)
    }

    /// A resolver for places in file `file` (an index into [`Workspace::files`]): a struct of
    /// that file, or one its `use`s import, wins over a same-named struct elsewhere.
    pub fn resolver_in(&self, file: usize) -> Resolver<'_> {
        let Some(f) = self.files.get(file) else {
            return self.resolver();
        };
        Resolver {
            index: &self.index,
            scope: Some(Scope {
                local: &f.model.index,
                imported: self.imported.get(file).filter(|m| !m.is_empty()),
                files: &self.files,
                file,
                ambiguous: &self.ambiguous,
                modules: &self.modules,
            }),
        }
    }

    pub fn holds(&self, r: &Requirement) -> bool {
        self.resolver().check(r).unwrap_or(r.allow_unknown)
    }

    /// The file that defines the struct `name` (its last path segment) as file `file` names
    /// it, when several files of the workspace define a struct of that name (two plugin
    /// crates each with their own `PluginConfig`): the file itself; the one file of another
    /// workspace crate its `use` names (`use plugin_b::PluginConfig`); else the one file of
    /// its own crate (the directory above its last `src`) that defines it; else the file its
    /// `use`s import. `None` when only one file defines it (every name is that one type) or
    /// nothing tells which.
    pub fn struct_home(&self, file: usize, name: &str) -> Option<usize> {
        let name = name.split('<').next().unwrap_or(name);
        let name = name.rsplit("::").next().unwrap_or(name).trim();
        let defs = self.struct_defs.get(name)?;
        let f = self.files.get(file)?;
        if f.model.index.structs.contains_key(name) {
            return Some(file);
        }
        let home = crate_dir(f.path);
        let first = f
            .model
            .index
            .uses
            .get(name)
            .and_then(|full| full.split("::").next())
            .filter(|s| !matches!(*s, "crate" | "self" | "super"));
        if let Some(krate) = first {
            let other: Vec<usize> = defs
                .iter()
                .copied()
                .filter(|&c| {
                    let d = crate_dir(self.files[c].path);
                    d != home
                        && d.rsplit('/').next().map(|n| n.replace('-', "_")).as_deref()
                            == Some(krate)
                })
                .collect();
            if let [c] = other[..] {
                return Some(c);
            }
        }
        let same: Vec<usize> = defs
            .iter()
            .copied()
            .filter(|&c| crate_dir(self.files[c].path) == home)
            .collect();
        match same[..] {
            [c] => Some(c),
            [] => self.imported.get(file).and_then(|m| m.get(name)).copied(),
            _ => None,
        }
    }
}

/// The directory of the crate a source file belongs to: the path above its last `src`
/// component (`plugins/a/src/lib.rs` -> `plugins/a`), or the file's directory.
pub fn crate_dir(path: &str) -> &str {
    match path.rfind("/src/") {
        Some(i) => &path[..i],
        None if path.starts_with("src/") => "",
        None => path.rsplit_once('/').map(|(d, _)| d).unwrap_or(""),
    }
}

/// Lock fields that hold one lock object under two names: the constructor clones one
/// `Arc<Mutex<_>>` into two components (`LayoutManager { layout: layout.clone() }` and
/// `RpcInner { layout }`), or a worker gets a clone of its owner's lock
/// (`Worker { state: self.state.clone() }`), directly or through a constructor that stores its
/// parameter (`Worker::new(self.state.clone())` with `fn new(state: ..) -> Self { Self { state } }`).
/// A field set from one object everywhere the workspace builds it (outside test code) is that
/// object; a field set from two different objects is left alone. Maps each such field identity
/// to one name of its group (the least field identity).
fn lock_aliases(ws: &Workspace) -> BTreeMap<String, String> {
    use std::collections::HashMap;
    // a lock field's identity, or `None` when the field is no lock
    let mut field_ids: HashMap<(String, String), Option<String>> = HashMap::new();
    let mut field_id = |r: &Resolver, owner: &str, field: &str| -> Option<String> {
        field_ids
            .entry((owner.to_string(), field.to_string()))
            .or_insert_with(|| {
                let start = Start::Struct {
                    name: owner.to_string(),
                };
                let res = r.walk(&start, &[field.to_string()], "")?;
                res.ty.lock().is_some().then_some(res.identity)
            })
            .clone()
    };
    // the object a source place names in function `fi`: its identity, or the local binding
    let source_key = |r: &Resolver, fns: &[FnModel], fi: usize, p: &Place, at: usize| {
        if let Some(res) = r.resolve_at(fns, fi, p, at) {
            return Some(res.identity);
        }
        match &p.root {
            Root::Local(n) if p.fields.is_empty() => {
                // the function's own binding, then the enclosing functions'
                let mut cur = Some(fi);
                while let Some(ci) = cur {
                    let pos = if ci == fi { at } else { fns[fi].span.start };
                    if let Some(l) = fns[ci].local(n, pos) {
                        return Some(format!("{}::{n}@{}", fns[ci].name, l.offset));
                    }
                    cur = fns[ci].parent;
                }
                None
            }
            _ => None,
        }
    };
    let mut sources: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // constructors storing a parameter: (type, fn name) -> (parameter index, field identity)
    let mut flows: HashMap<(String, String), Vec<(usize, String)>> = HashMap::new();
    for (file, wf) in ws.files.iter().enumerate() {
        let fns = &wf.model.fns;
        if wf.model.test_file || fns.iter().all(|f| f.field_inits.is_empty()) {
            continue;
        }
        let r = ws.resolver_in(file);
        for (fi, f) in fns.iter().enumerate() {
            if f.field_inits.is_empty() || wf.model.in_test(f.span) {
                continue;
            }
            for init in &f.field_inits {
                let Some(id) = field_id(&r, &init.owner, &init.field) else {
                    continue;
                };
                // a parameter of the function stored as it is: the caller's argument
                if let Root::Local(n) = &init.source.root
                    && init.source.fields.is_empty()
                    && f.parent.is_none()
                    && let Some(pi) = f.params.iter().position(|q| q == n)
                    && f.local(n, init.at).is_some_and(|l| l.offset < f.body.start)
                {
                    if let Some(ty) = &f.self_ty {
                        let short = f.name.rsplit("::").next().unwrap_or(&f.name);
                        flows
                            .entry((ty.clone(), short.to_string()))
                            .or_default()
                            .push((pi, id));
                    }
                    continue;
                }
                if let Some(k) = source_key(&r, fns, fi, &init.source, init.at) {
                    sources.entry(id).or_default().insert(k);
                }
            }
        }
    }
    if !flows.is_empty() {
        for (file, wf) in ws.files.iter().enumerate() {
            let fns = &wf.model.fns;
            if wf.model.test_file {
                continue;
            }
            let r = ws.resolver_in(file);
            for (fi, f) in fns.iter().enumerate() {
                // constructors (`Worker::new(..)`) and other associated functions
                let ctors = f
                    .ctor_calls
                    .iter()
                    .map(|c| (&c.segments, &c.arg_places, c.at));
                let paths = f.calls.iter().filter_map(|c| match &c.callee {
                    func::Callee::Path { segments } => {
                        Some((segments, &c.arg_places, c.span.start))
                    }
                    _ => None,
                });
                for (segments, arg_places, at) in ctors.chain(paths) {
                    let [.., ty, name] = segments.as_slice() else {
                        continue;
                    };
                    let ty = if ty == "Self" {
                        match &f.self_ty {
                            Some(t) => t,
                            None => continue,
                        }
                    } else {
                        ty
                    };
                    let Some(fl) = flows.get(&(ty.clone(), name.clone())) else {
                        continue;
                    };
                    if wf.model.in_test(crate::diagnostic::Span::new(at, at + 1)) {
                        continue;
                    }
                    for (pi, id) in fl {
                        if let Some(Some(p)) = arg_places.get(*pi)
                            && let Some(k) = source_key(&r, fns, fi, p, at)
                        {
                            sources.entry(id.clone()).or_default().insert(k);
                        }
                    }
                }
            }
        }
    }
    // union each field with its one source
    let mut parent: HashMap<String, String> = HashMap::new();
    fn find(parent: &HashMap<String, String>, x: &str) -> String {
        let mut cur = x.to_string();
        while let Some(p) = parent.get(&cur) {
            if *p == cur {
                break;
            }
            cur = p.clone();
        }
        cur
    }
    for (id, srcs) in &sources {
        if srcs.len() != 1 {
            continue;
        }
        let s = srcs.iter().next().unwrap();
        if s == id {
            continue;
        }
        let (a, b) = (find(&parent, id), find(&parent, s));
        if a != b {
            parent.insert(a.clone(), b.clone());
            parent.entry(b).or_insert_with_key(|k| k.clone());
        }
    }
    let is_field = |id: &str| id.contains('.') && !id.starts_with("static ");
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let keys: Vec<String> = parent.keys().cloned().collect();
    for k in keys {
        if is_field(&k) {
            let root = find(&parent, &k);
            groups.entry(root).or_default().push(k);
        }
    }
    let mut out = BTreeMap::new();
    for (_, mut members) in groups {
        if members.len() < 2 {
            continue;
        }
        members.sort();
        let canon = members[0].clone();
        for m in &members[1..] {
            out.insert(m.clone(), canon.clone());
        }
    }
    out
}

/// Struct names defined in more than one file, with those files.
type StructDefs = BTreeMap<String, Vec<usize>>;

/// For each file, the struct names defined in more than one file that the file imports with a
/// `use` whose module path leads to one of those files (`use crate::net::Registry` picks
/// `net.rs`, `net/mod.rs` or a `net/` crate's `lib.rs`), mapped to that file's position; and
/// the names defined in more than one file.
fn imported_structs(
    files: &[WsFile<'_>],
) -> (Vec<BTreeMap<String, usize>>, BTreeSet<String>, StructDefs) {
    let mut defs: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, f) in files.iter().enumerate() {
        for name in f.model.index.structs.keys() {
            defs.entry(name.as_str()).or_default().push(i);
        }
    }
    defs.retain(|_, v| v.len() > 1);
    let ambiguous = defs.keys().map(|k| k.to_string()).collect();
    let imported = files
        .iter()
        .map(|f| {
            let mut out = BTreeMap::new();
            if defs.is_empty() {
                return out;
            }
            for (alias, full) in &f.model.index.uses {
                let mut segs: Vec<&str> = full.split("::").collect();
                let Some(name) = segs.pop() else { continue };
                let Some(cands) = defs.get(name) else {
                    continue;
                };
                let Some(m) = segs
                    .iter()
                    .rev()
                    .find(|s| !matches!(**s, "crate" | "self" | "super"))
                else {
                    continue;
                };
                let found = cands.iter().find(|&&c| is_module_file(files[c].path, m));
                if let Some(&c) = found {
                    out.insert(alias.clone(), c);
                }
            }
            out
        })
        .collect();
    let defs = defs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    (imported, ambiguous, defs)
}

/// A short module path of a source file, from its path, to tell same-named structs apart:
/// the last two modules after the last `src` (`tokio/src/runtime/blocking/pool.rs` ->
/// `blocking::pool`, `src/runtime/park/mod.rs` -> `runtime::park`); a crate root (`lib.rs`,
/// `main.rs`) is named by its crate's directory; a file outside any `src` by its own name.
pub fn module_path(path: &str) -> String {
    let parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let (before, after) = match parts.iter().rposition(|p| *p == "src") {
        Some(i) => (&parts[..i], &parts[i + 1..]),
        None => (
            &parts[..parts.len().saturating_sub(2)],
            &parts[parts.len().saturating_sub(2)..],
        ),
    };
    let mut segs: Vec<&str> = after
        .iter()
        .map(|p| p.strip_suffix(".rs").unwrap_or(p))
        .collect();
    if matches!(segs.last(), Some(&"mod")) {
        segs.pop();
    }
    if segs.len() == 1 && matches!(segs[0], "lib" | "main") {
        segs.clear();
    }
    if segs.is_empty()
        && let Some(c) = before.last()
    {
        segs.push(c);
    }
    let keep = if parts.contains(&"src") { 2 } else { 1 };
    let from = segs.len().saturating_sub(keep);
    segs[from..].join("::")
}

/// Whether the file at `path` is module `m`: `m.rs`, `m/mod.rs`, or the library of a crate
/// directory `m` (`m/src/lib.rs`, also spelled with dashes).
pub fn is_module_file(path: &str, m: &str) -> bool {
    let m_dash = m.replace('_', "-");
    path.ends_with(&format!("/{m}.rs"))
        || path == format!("{m}.rs")
        || path.ends_with(&format!("/{m}/mod.rs"))
        || path.ends_with(&format!("/{m}/src/lib.rs"))
        || path.ends_with(&format!("/{m_dash}/src/lib.rs"))
}

#[cfg(test)]
mod tests;

/// The type of a struct's only field, if it has exactly one.
fn single_field(fields: &BTreeMap<String, TypeInfo>) -> Option<&TypeInfo> {
    let mut it = fields.values();
    let only = it.next()?;
    it.next().is_none().then_some(only)
}
