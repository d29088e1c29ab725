//! The item index of one file (structs and their field types, statics, `use`s, functions and
//! guard-returning wrapper methods), merged workspace-wide by [`super::Workspace`].

use super::span::span_of;
use super::types::{TypeInfo, UseMap, classify};
use crate::diagnostic::Span;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StaticInfo {
    pub name: String,
    pub ty: TypeInfo,
    pub is_mut: bool,
    pub span: Span,
    /// The initialiser of a `static` item (not of a macro-declared one).
    pub init: Option<Span>,
}

/// A method whose body returns a lock guard (`fn state(&self) -> MutexGuard<'_, S> {
/// self.state.lock().unwrap() }`): calling it acquires `field` of `self_ty`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Wrapper {
    pub self_ty: String,
    pub method: String,
    /// The field path on `self` that is locked (`["inner", "state"]`).
    pub fields: Vec<String>,
    /// The lock method the wrapper calls (`lock`, `read`, `write`).
    pub lock_method: String,
    /// Implemented on a lock type (an extension trait: `impl<T> RwLockExt<T> for RwLock<T> {
    /// fn rl(&self) -> RwLockReadGuard<'_, T> { self.read().unwrap() } }`): the receiver of
    /// a call is the lock itself (`fields` is empty).
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub on_lock: bool,
    /// How many arguments a call passes besides the receiver (`fn lock_for(&self, id: u64)`:
    /// 1). They do not pick the lock: its path is `self`'s fields alone.
    #[serde(default, skip_serializing_if = "crate::model::stored::zero")]
    pub args: usize,
    /// A free function returning a guard of a static (`fn users() -> RwLockReadGuard<'static,
    /// Users> { USERS.read() }`): the static's name. Such a wrapper is called by path
    /// (`users()`), never as a method.
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub static_lock: Option<String>,
    /// The lock is one element of the collection `fields` names (its last field is `[*]`),
    /// looked up by this argument: `fn lock_region(&self, id: u64) -> Option<OwnedGuard> {
    /// let l = self.locks.get(&id)?.clone(); Some(l.write_owned().await) }` locks
    /// `self.locks[id]`, a different lock per key.
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub elem_key: Option<usize>,
    /// A `DashMap` reference, not a lock guard: `fn session(&self, k: u64) -> Option<Ref<'_,
    /// u64, S>> { self.sessions.get(&k) }` returns the reference `get` (or `get_mut`: then
    /// `lock_method` is `write`) gave, which holds the key's shard lock while it lives.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub shard: bool,
}

/// A guard-returning method as first seen: its body's guard comes from a lock call or from a
/// call of another such method (`fn lock_m_m(&self) -> G { self.lock_m() }`), resolved once
/// the whole file is indexed.
#[derive(Clone, Debug)]
struct Candidate {
    self_ty: String,
    method: String,
    fields: Vec<String>,
    /// `Ok(lock method)` or `Err(helper method)`.
    call: Result<String, String>,
    /// The return type's text.
    ret: String,
    /// Parameters besides `self`.
    args: usize,
    /// A free function's guard of this static ([`Wrapper::static_lock`]).
    static_lock: Option<String>,
    /// [`Wrapper::elem_key`].
    elem_key: Option<usize>,
    /// [`Wrapper::shard`]: the body's value is `self.<fields>.get(k)` / `get_mut(k)`, kept
    /// as it is (`?`, `Ok(..)`, `ok_or(..)`, `unwrap()`); the field must be a `DashMap`.
    shard: bool,
}

pub use super::syntax::LockMacro;

/// A macro name defined again (in the file, or by another file of the workspace): identical
/// definitions are one macro, differing ones make the name no lock macro.
fn one_definition(slot: &mut Option<LockMacro>, def: &Option<LockMacro>) {
    if slot != def {
        *slot = None;
    }
}

/// `type Name<P..> = body;`: the body with its paths spelled as the defining file imports
/// them (`RwLock` is `parking_lot::RwLock` there), and its type parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeAlias {
    pub params: Vec<String>,
    pub body: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ItemIndex {
    pub uses: UseMap,
    /// Struct name -> field name (or tuple index) -> type.
    pub structs: BTreeMap<String, BTreeMap<String, TypeInfo>>,
    pub statics: BTreeMap<String, StaticInfo>,
    pub wrappers: Vec<Wrapper>,
    /// Function summaries of the file's small helpers ([`Summary`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub summaries: Vec<Summary>,
    /// `const ORDERING: Ordering = Ordering::SeqCst;`: constant name -> the ordering it names.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_map")]
    pub ordering_consts: BTreeMap<String, String>,
    /// Helpers of other files of the workspace ([`Externals`]), while the file's functions are
    /// modelled a second time; never kept with the file's facts.
    #[serde(skip)]
    pub externals: Option<std::sync::Arc<Externals>>,
    /// The file's type aliases of synchronisation types (`type Shared = Arc<RwLock<State>>`,
    /// `type RwMap<K, V> = tokio::sync::RwLock<HashMap<K, V>>`): a type written through one
    /// is classified as what it stands for ([`ItemIndex::expand`]).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_map")]
    pub type_aliases: BTreeMap<String, TypeAlias>,
    /// `impl Trait for Type` blocks of the file: (trait, type), by their last path segments.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub trait_impls: Vec<(String, String)>,
    /// In the workspace's merged index: lock fields that name one lock object, mapped to one
    /// name for all of them ([`super::Workspace::build`]).
    #[serde(skip)]
    pub lock_aliases: BTreeMap<String, String>,
    /// The file's `macro_rules!` definitions by name: the lock macro it is
    /// ([`LockMacro`]), or `None` (another body, or two definitions that differ).
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_map")]
    pub macros: BTreeMap<String, Option<LockMacro>>,
}

/// The summaries and guard-returning methods of the workspace's other files, for a file that
/// calls them: applied only where the receiver's type is known and is the helper's own type
/// (a name alone does not pick a helper of another file), or, for a method of a lock
/// extension trait (`rl()`), where one file defines that name.
#[derive(Debug)]
pub struct Externals {
    table: std::sync::Arc<ExternalTable>,
    /// The file being modelled: its own helpers are not external.
    file: usize,
    /// Whether a helper was looked up and found: the model depends on another file.
    used: std::sync::atomic::AtomicBool,
}

/// A helper of one file, or `None` where two files define one by that key (neither is
/// followed).
type Slot<T> = (usize, Option<T>);

/// The method helpers of every file whose type and name (or, for a lock extension method,
/// whose name) one file alone defines: type -> name -> (file, helper).
#[derive(Debug, Default)]
pub struct ExternalTable {
    summaries: HashMap<String, HashMap<String, Slot<Summary>>>,
    wrappers: HashMap<String, HashMap<String, Slot<Wrapper>>>,
    /// Lock extension methods by name.
    on_lock: HashMap<String, Slot<Wrapper>>,
    /// Free functions returning a guard of a static, by name.
    free: HashMap<String, Slot<Wrapper>>,
    /// The names of all guard-returning and lock extension methods (a quick test per call).
    wrapper_names: std::collections::HashSet<String>,
    /// Type aliases of synchronisation types by name.
    aliases: HashMap<String, Slot<TypeAlias>>,
    /// `macro_rules!` lock macros by name, kept only when the workspace defines one: `None`
    /// where two definitions of the name differ (neither is followed), or a definition is no
    /// lock macro. (Identical definitions in several crates are one macro.)
    macros: HashMap<String, Option<LockMacro>>,
    /// A digest of every file's contribution (its position and its helpers): two tables with
    /// the same fingerprint are the same table, so a file modelled with one can be cached
    /// under it ([`ExternalTable::fingerprint`]).
    fingerprint: u128,
}

/// `ty` with every path type `f` replaces replaced (the replacement is not looked into), or
/// `None` when `f` replaces none.
fn rewrite_type(
    ty: &syn::Type,
    f: &dyn Fn(&syn::TypePath) -> Option<syn::Type>,
    depth: usize,
) -> Option<syn::Type> {
    if depth > 32 {
        return None;
    }
    let elem = |e: &syn::Type| rewrite_type(e, f, depth + 1).map(Box::new);
    match ty {
        syn::Type::Path(p) => {
            if let Some(t) = f(p) {
                return Some(t);
            }
            let mut out: Option<syn::TypePath> = None;
            for (i, seg) in p.path.segments.iter().enumerate() {
                let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
                    continue;
                };
                for (j, g) in args.args.iter().enumerate() {
                    if let syn::GenericArgument::Type(t) = g
                        && let Some(n) = rewrite_type(t, f, depth + 1)
                    {
                        let o = out.get_or_insert_with(|| p.clone());
                        if let syn::PathArguments::AngleBracketed(a) =
                            &mut o.path.segments[i].arguments
                            && let Some(syn::GenericArgument::Type(slot)) = a.args.iter_mut().nth(j)
                        {
                            *slot = n;
                        }
                    }
                }
            }
            out.map(syn::Type::Path)
        }
        syn::Type::Reference(r) => elem(&r.elem).map(|e| {
            let mut r = r.clone();
            r.elem = e;
            syn::Type::Reference(r)
        }),
        syn::Type::Paren(p) => elem(&p.elem).map(|e| {
            let mut p = p.clone();
            p.elem = e;
            syn::Type::Paren(p)
        }),
        syn::Type::Group(g) => elem(&g.elem).map(|e| {
            let mut g = g.clone();
            g.elem = e;
            syn::Type::Group(g)
        }),
        syn::Type::Slice(s) => elem(&s.elem).map(|e| {
            let mut s = s.clone();
            s.elem = e;
            syn::Type::Slice(s)
        }),
        syn::Type::Array(a) => elem(&a.elem).map(|e| {
            let mut a = a.clone();
            a.elem = e;
            syn::Type::Array(a)
        }),
        syn::Type::Tuple(t) => {
            let mut out: Option<syn::TypeTuple> = None;
            for (i, e) in t.elems.iter().enumerate() {
                if let Some(n) = rewrite_type(e, f, depth + 1) {
                    let o = out.get_or_insert_with(|| t.clone());
                    if let Some(slot) = o.elems.iter_mut().nth(i) {
                        *slot = n;
                    }
                }
            }
            out.map(syn::Type::Tuple)
        }
        _ => None,
    }
}

/// Whether an alias's body names the alias itself (`type RwLock<T> = parking_lot::RwLock<T>`):
/// expanding it again would not end.
fn body_names(body: &syn::Type, name: &str) -> bool {
    let found = std::cell::Cell::new(false);
    let look = |p: &syn::TypePath| -> Option<syn::Type> {
        if p.path.segments.iter().any(|s| s.ident == name) {
            found.set(true);
        }
        None
    };
    rewrite_type(body, &look, 0);
    found.get()
}

/// Put `v` of file `i` under `key`: a second file's definition makes the slot ambiguous.
fn put_unique<T>(m: &mut HashMap<String, Slot<T>>, key: &str, i: usize, v: T) {
    match m.get_mut(key) {
        Some(slot) if slot.0 != i => slot.1 = None,
        Some(_) => {}
        None => {
            m.insert(key.to_string(), (i, Some(v)));
        }
    }
}

impl ExternalTable {
    /// Built from the files' indexes, one per file in a fixed order.
    pub fn build<'i>(indexes: impl Iterator<Item = &'i ItemIndex>) -> ExternalTable {
        Self::build_with(indexes, true)
    }

    /// Only the guard-returning methods and lock extension methods of the files.
    pub fn build_wrappers<'i>(indexes: impl Iterator<Item = &'i ItemIndex>) -> ExternalTable {
        Self::build_with(indexes, false)
    }

    fn build_with<'i>(
        indexes: impl Iterator<Item = &'i ItemIndex>,
        with_summaries: bool,
    ) -> ExternalTable {
        let mut t = ExternalTable::default();
        let mut digest = xxhash_rust::xxh3::Xxh3::new();
        digest.update(&[u8::from(with_summaries)]);
        for (i, idx) in indexes.enumerate() {
            let summaries = idx.summaries.iter().filter(|_| with_summaries);
            let contributed: Vec<&Summary> = summaries
                .clone()
                .filter(|s| !s.self_ty.is_empty() && !s.struct_ref)
                .collect();
            let aliases =
                (with_summaries && !idx.type_aliases.is_empty()).then_some(&idx.type_aliases);
            if !contributed.is_empty()
                || aliases.is_some()
                || !idx.wrappers.is_empty()
                || !idx.macros.is_empty()
            {
                // Vecs and BTreeMaps: the same helpers always serialise to the same bytes
                let bytes =
                    rmp_serde::to_vec(&(i, &contributed, aliases, &idx.wrappers, &idx.macros))
                        .unwrap_or_default();
                digest.update(&(bytes.len() as u64).to_le_bytes());
                digest.update(&bytes);
            }
            for sm in summaries.filter(|s| !s.self_ty.is_empty() && !s.struct_ref) {
                let by = t.summaries.entry(sm.self_ty.clone()).or_default();
                put_unique(by, &sm.name, i, sm.clone());
            }
            for (name, a) in idx.type_aliases.iter().filter(|_| with_summaries) {
                put_unique(&mut t.aliases, name, i, a.clone());
            }
            for (name, m) in &idx.macros {
                t.macros
                    .entry(name.clone())
                    .and_modify(|slot| one_definition(slot, m))
                    .or_insert_with(|| m.clone());
            }
            for w in &idx.wrappers {
                if w.static_lock.is_some() {
                    put_unique(&mut t.free, &w.method, i, w.clone());
                    continue;
                }
                t.wrapper_names.insert(w.method.clone());
                if w.on_lock {
                    put_unique(&mut t.on_lock, &w.method, i, w.clone());
                } else {
                    let by = t.wrappers.entry(w.self_ty.clone()).or_default();
                    put_unique(by, &w.method, i, w.clone());
                }
            }
        }
        // the names of other macros matter only against a lock macro's
        if t.macros.values().all(Option::is_none) {
            t.macros.clear();
        }
        t.fingerprint = digest.digest128();
        t
    }

    /// What identifies the table: equal for tables built from the same helpers of the same
    /// files at the same positions.
    pub fn fingerprint(&self) -> u128 {
        self.fingerprint
    }

    pub fn is_empty(&self) -> bool {
        self.summaries.is_empty()
            && self.wrappers.is_empty()
            && self.on_lock.is_empty()
            && self.free.is_empty()
            && self.aliases.is_empty()
            && self.macros.is_empty()
    }
}

/// The helper of a slot, unless file `file` defines it itself.
fn of_other<T>(slot: Option<&Slot<T>>, file: usize) -> Option<&T> {
    let (f, v) = slot?;
    (*f != file).then_some(v.as_ref()?)
}

impl Externals {
    pub fn new(table: std::sync::Arc<ExternalTable>, file: usize) -> Externals {
        Externals {
            table,
            file,
            used: Default::default(),
        }
    }

    /// What a model built with these helpers depends on besides the file itself: the table
    /// and the file's position in it (its own helpers are not external).
    pub fn fingerprint(&self) -> (u128, usize) {
        (self.table.fingerprint, self.file)
    }

    /// Whether the model looked up a helper here and found one.
    pub fn used(&self) -> bool {
        self.used.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn found<T>(&self, v: Option<T>) -> Option<T> {
        if v.is_some() {
            self.used.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        v
    }

    /// The summary of `ty::name` defined in another file.
    pub fn summary(&self, ty: &str, name: &str) -> Option<&Summary> {
        self.found(of_other(self.table.summaries.get(ty)?.get(name), self.file))
    }

    /// The guard-returning method `ty::name` of another file, or (`ty` empty or not) a lock
    /// extension method of that name.
    pub fn wrapper(&self, ty: &str, name: &str) -> Option<&Wrapper> {
        let typed = (!ty.is_empty())
            .then(|| self.table.wrappers.get(ty)?.get(name))
            .flatten();
        self.found(
            of_other(typed, self.file)
                .or_else(|| of_other(self.table.on_lock.get(name), self.file)),
        )
    }

    /// Whether a call of `name` on a receiver of type `ty` (`None`: unknown) is another
    /// file's helper: what makes a file worth modelling again.
    pub fn applies(&self, ty: Option<&str>, name: &str) -> bool {
        self.wrapper(ty.unwrap_or(""), name).is_some()
            || ty.is_some_and(|ty| self.summary(ty, name).is_some())
    }

    pub fn has_summaries(&self) -> bool {
        !self.table.summaries.is_empty()
    }

    /// The type alias `name` of another file.
    pub fn alias(&self, name: &str) -> Option<&TypeAlias> {
        self.found(of_other(self.table.aliases.get(name), self.file))
    }

    pub fn has_aliases(&self) -> bool {
        !self.table.aliases.is_empty()
    }

    /// Whether a type written as `text` names another file's type alias.
    pub fn names_alias(&self, text: &str) -> bool {
        !self.table.aliases.is_empty()
            && text
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| of_other(self.table.aliases.get(w), self.file).is_some())
    }

    /// Another file's free function `name` returning a guard of a static.
    pub fn free_wrapper(&self, name: &str) -> Option<&Wrapper> {
        self.found(of_other(self.table.free.get(name), self.file))
    }

    pub fn has_wrappers(&self) -> bool {
        !self.table.wrapper_names.is_empty()
    }

    /// The workspace's lock macro `name` ([`LockMacro`]), where every definition of that name
    /// is the same.
    pub fn lock_macro(&self, name: &str) -> Option<&LockMacro> {
        if self.table.macros.is_empty() {
            return None;
        }
        self.found(self.table.macros.get(name)?.as_ref())
    }

    /// Whether some file defines a guard-returning method or lock extension method `name`.
    pub fn has_wrapper_named(&self, name: &str) -> bool {
        self.table.wrapper_names.contains(name)
    }
}

/// What a small helper does to one lock or atomic it reaches through `self` or a parameter,
/// computed once from its body (a single statement or tail expression) and applied at its
/// call sites: `fn balance(&self) -> u64 { *self.balance.lock().unwrap() }` reads
/// `self.balance` under a guard released at return; `fn has_budget(&self) -> bool {
/// self.budget.load(SeqCst) > 0 }` loads `self.budget`; `fn deposits(&self) -> &RwLock<T> {
/// &self.deposits }` is `self.deposits` itself. A helper that reads and writes under one
/// guard (`*self.x.lock() += d`) has no summary: calling it is atomic.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Summary {
    /// The impl's self type, the trait's name for a default method, empty for a free function.
    pub self_ty: String,
    pub name: String,
    /// Where the path starts: `None` for `self`, `Some(i)` for the i-th argument of a call.
    pub base: Option<usize>,
    /// The field path from there (`["inner", "balance"]`).
    pub fields: Vec<String>,
    /// The lock or atomic is what an accessor called on that path returns
    /// (`self.flag().load(o)` in a trait's default method): resolved at the call site, by the
    /// receiver's type.
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub accessor: Option<String>,
    pub effect: Effect,
    /// An accessor of a struct that holds locks (`fn inner(&self) -> &Inner`), not of a lock:
    /// followed in its own file only (such accessors are everywhere; another file's would
    /// send most files to a second modelling round).
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub struct_ref: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Effect {
    /// Returns the lock or atomic itself (`&self.m`, `self.m.clone()`, `Arc::clone(&self.m)`).
    Accessor,
    /// One atomic operation; `value` is the argument passed as its first operand, when it is a
    /// parameter of the helper. A `load` helper returns a value derived from the load.
    Atomic {
        op: String,
        orderings: Vec<String>,
        value: Option<usize>,
    },
    /// Reads the locked value under a guard released at return; returns a value derived from it.
    /// `key`: the read is a lookup of one key of the locked map or set (`get`, `contains_key`,
    /// `contains`), and the key is this parameter: a call of the helper checks the map for
    /// the key its argument names.
    LockRead {
        lock_method: String,
        #[serde(default, skip_serializing_if = "crate::model::stored::none")]
        key: Option<usize>,
        /// For a lookup by key: the helper returns the entry's value itself (a copy, a clone
        /// or a field of it: `m.get(k).cloned().unwrap_or_default()`, `*m.get(k).unwrap()`,
        /// `m.get(k).map(|e| e.rev)`), not whether the key is there. A call of it is a read
        /// of that entry, whose value the caller may compute with and write back.
        #[serde(default, skip_serializing_if = "crate::model::stored::not")]
        entry: bool,
    },
    /// Writes the locked value (`*g = v`, `g.f = v`, `g.insert(k, v)`) and reads nothing back;
    /// `value` is the argument the written value comes from, when it is a parameter.
    /// `key`: the write replaces one entry of the locked map (`g.insert(k, v)`), and the key
    /// is this parameter.
    LockWrite {
        lock_method: String,
        value: Option<usize>,
        #[serde(default, skip_serializing_if = "crate::model::stored::none")]
        key: Option<usize>,
    },
}

impl ItemIndex {
    pub fn build(file: &syn::File) -> ItemIndex {
        Self::build_with(file, None)
    }

    /// [`ItemIndex::build`] with the workspace's other files' helpers and type aliases.
    pub fn build_with(file: &syn::File, externals: Option<std::sync::Arc<Externals>>) -> ItemIndex {
        let mut idx = ItemIndex {
            externals,
            ..Default::default()
        };
        collect_uses(&file.items, &mut idx.uses);
        idx.collect_aliases(&file.items);
        let mut cands = Vec::new();
        idx.collect_items(&file.items, &mut cands);
        idx.resolve_wrappers(cands);
        idx
    }

    /// The summary of `name` called on a receiver of type `self_ty` (`""` when unknown: then
    /// only a name one summary of the file has), or of the free function `name` (`free`).
    pub fn summary(&self, self_ty: Option<&str>, name: &str, free: bool) -> Option<&Summary> {
        self.own_summary(self_ty, name, free).or_else(|| {
            let ty = self_ty.filter(|t| !t.is_empty() && !free)?;
            self.externals.as_ref()?.summary(ty, name)
        })
    }

    /// Whether any helper summary (the file's or another file's) may apply.
    pub fn has_summaries(&self) -> bool {
        !self.summaries.is_empty() || self.externals.as_ref().is_some_and(|e| e.has_summaries())
    }

    /// The lock macro `name!` calls: the file's own definition (a `macro_rules!` of the file
    /// shadows one imported from another crate), else the workspace's.
    pub fn lock_macro(&self, name: &str) -> Option<&LockMacro> {
        if let Some(own) = self.macros.get(name) {
            return own.as_ref();
        }
        self.externals.as_ref()?.lock_macro(name)
    }

    /// Whether any guard-returning method (the file's or another file's) may apply.
    pub fn has_wrappers(&self) -> bool {
        !self.wrappers.is_empty() || self.externals.as_ref().is_some_and(|e| e.has_wrappers())
    }

    /// [`ItemIndex::summary`] among the file's own helpers.
    fn own_summary(&self, self_ty: Option<&str>, name: &str, free: bool) -> Option<&Summary> {
        let mut cands = self
            .summaries
            .iter()
            .filter(|s| s.name == name && s.self_ty.is_empty() == free);
        if free {
            let first = cands.next()?;
            return cands.next().is_none().then_some(first);
        }
        match self_ty {
            Some(ty) if !ty.is_empty() => {
                let all: Vec<&Summary> = cands.collect();
                if let Some(s) = all.iter().find(|s| s.self_ty == ty) {
                    return Some(s);
                }
                // a trait's default method called on an implementing type: only if the name
                // is no other type's helper, and the receiver's type has no method of that
                // name itself (it would have its own summary or none)
                match all.as_slice() {
                    [one] if !self.structs.contains_key(&one.self_ty) => Some(one),
                    _ => None,
                }
            }
            _ => {
                let first = cands.next()?;
                cands.next().is_none().then_some(first)
            }
        }
    }

    /// Keep the candidates whose return type holds a guard (a guard type, `Box`/tuple/`impl
    /// Deref` of one, or a struct of this file with a guard field), following helper calls.
    fn resolve_wrappers(&mut self, cands: Vec<Candidate>) {
        let guard_structs: Vec<&String> = self
            .structs
            .iter()
            .filter(|(_, fields)| fields.values().any(|t| t.text.contains("Guard")))
            .map(|(n, _)| n)
            .collect();
        let holds_guard = |ret: &str| {
            ret.contains("Guard")
                || (ret.contains("impl") && ret.contains("Deref"))
                || ret
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| guard_structs.iter().any(|s| s.as_str() == w))
        };
        let statics = &self.statics;
        let structs = &self.structs;
        // a shard reference's map must be a `DashMap` field of the type
        let sharded = |c: &Candidate| match c.fields.as_slice() {
            [f] => structs
                .get(&c.self_ty)
                .and_then(|fs| fs.get(f))
                .is_some_and(|t| t.is_sharded_map()),
            _ => false,
        };
        let cands: Vec<Candidate> = cands
            .into_iter()
            .filter(|c| {
                if c.shard {
                    sharded(c)
                } else {
                    holds_guard(&c.ret)
                }
            })
            .filter(|c| {
                c.static_lock
                    .as_ref()
                    .is_none_or(|l| l.contains("::") || statics.contains_key(l))
            })
            .collect();
        let mut out: Vec<Wrapper> = Vec::new();
        // helpers calling helpers: a few rounds reach every chain of this length
        for _ in 0..4 {
            let before = out.len();
            for c in &cands {
                if out
                    .iter()
                    .any(|w| w.self_ty == c.self_ty && w.method == c.method)
                {
                    continue;
                }
                let w = match &c.call {
                    Ok(lock) => Some(Wrapper {
                        self_ty: c.self_ty.clone(),
                        method: c.method.clone(),
                        fields: c.fields.clone(),
                        lock_method: lock.clone(),
                        on_lock: c.fields.is_empty() && c.static_lock.is_none(),
                        args: c.args,
                        static_lock: c.static_lock.clone(),
                        elem_key: c.elem_key,
                        shard: c.shard,
                    }),
                    Err(_) if c.static_lock.is_some() => None,
                    Err(helper) => {
                        // `self.helper()`: a method of the same type; `self.f.helper()`: an
                        // extension method of a lock type
                        let target = out.iter().find(|w| {
                            w.static_lock.is_none()
                                && w.method == *helper
                                && if c.fields.is_empty() {
                                    w.self_ty == c.self_ty
                                } else {
                                    w.on_lock
                                }
                        });
                        target.map(|t| {
                            let mut fields = c.fields.clone();
                            fields.extend(t.fields.iter().cloned());
                            Wrapper {
                                self_ty: c.self_ty.clone(),
                                method: c.method.clone(),
                                on_lock: fields.is_empty(),
                                fields,
                                lock_method: t.lock_method.clone(),
                                args: c.args,
                                static_lock: None,
                                elem_key: None,
                                shard: t.shard,
                            }
                        })
                    }
                };
                if let Some(w) = w {
                    out.push(w);
                }
            }
            if out.len() == before {
                break;
            }
        }
        self.wrappers.extend(out);
    }

    /// The file's [`TypeAlias`]es that stand for a synchronisation type (not a map,
    /// `Result` or a plain struct), inline modules included.
    fn collect_aliases(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Type(t) => {
                    let name = t.ident.to_string();
                    let params: Vec<String> = t
                        .generics
                        .type_params()
                        .map(|p| p.ident.to_string())
                        .collect();
                    // spelled as this file imports its names, the params left as they are
                    let uses = &self.uses;
                    let qualify = |p: &syn::TypePath| -> Option<syn::Type> {
                        let [seg] = p.path.segments.iter().collect::<Vec<_>>()[..] else {
                            return None;
                        };
                        let id = seg.ident.to_string();
                        if params.contains(&id) {
                            return None;
                        }
                        let full = uses.get(&id).filter(|f| f.contains("::"))?;
                        let mut q: syn::TypePath = syn::parse_str(full).ok()?;
                        q.path.segments.last_mut()?.arguments = seg.arguments.clone();
                        Some(syn::Type::Path(q))
                    };
                    let body = rewrite_type(&t.ty, &qualify, 0).unwrap_or_else(|| (*t.ty).clone());
                    if body_names(&body, &name) {
                        continue;
                    }
                    // a synchronisation type: a plain map alias (`FxHashMap<K, V>`) is written
                    // everywhere and changes nothing the rules see
                    let info = classify(&body, &self.uses);
                    // a shared handle of a struct (`type SharedState = Arc<State>`): what a
                    // parameter written through it reaches (`state.player.read()`) is known
                    // only through the alias
                    let shared_handle = matches!(&body, syn::Type::Path(p)
                        if p.path.segments.last().is_some_and(|s| s.ident == "Arc" || s.ident == "Rc"));
                    if !shared_handle
                        && matches!(
                            info.class,
                            super::types::TypeClass::Plain { .. }
                                | super::types::TypeClass::Unknown
                                | super::types::TypeClass::Map { .. }
                        )
                    {
                        continue;
                    }
                    self.type_aliases.insert(
                        name,
                        TypeAlias {
                            params,
                            body: quote::quote!(#body).to_string(),
                        },
                    );
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        self.collect_aliases(items);
                    }
                }
                _ => {}
            }
        }
    }

    /// The alias `name` of this file, or one another file alone defines.
    fn alias(&self, name: &str) -> Option<&TypeAlias> {
        self.type_aliases
            .get(name)
            .or_else(|| self.externals.as_ref()?.alias(name))
    }

    /// `ty` with the type aliases it is written through replaced by what they stand for
    /// (`Databases` is `Arc<parking_lot::RwLock<HashMap<..>>>`), the generic arguments put
    /// in (`RwMap<String, u8>`). Unchanged (borrowed) when no alias applies.
    pub fn expand<'t>(&self, ty: &'t syn::Type) -> std::borrow::Cow<'t, syn::Type> {
        use std::borrow::Cow;
        if self.type_aliases.is_empty() && !self.externals.as_ref().is_some_and(|e| e.has_aliases())
        {
            return Cow::Borrowed(ty);
        }
        let by_alias = |p: &syn::TypePath| -> Option<syn::Type> {
            if p.qself.is_some() {
                return None;
            }
            let last = p.path.segments.last()?;
            let a = self.alias(&last.ident.to_string())?;
            let mut body: syn::Type = syn::parse_str(&a.body).ok()?;
            if !a.params.is_empty() {
                let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                    return Some(body);
                };
                let given: Vec<&syn::Type> = crate::model::syntax::angle_type_args(args);
                let put = |q: &syn::TypePath| -> Option<syn::Type> {
                    let [seg] = q.path.segments.iter().collect::<Vec<_>>()[..] else {
                        return None;
                    };
                    let i = a.params.iter().position(|n| seg.ident == n)?;
                    given.get(i).map(|t| (*t).clone())
                };
                if let Some(b) = rewrite_type(&body, &put, 0) {
                    body = b;
                }
            }
            Some(body)
        };
        let mut cur: Option<syn::Type> = None;
        for _ in 0..4 {
            match rewrite_type(cur.as_ref().unwrap_or(ty), &by_alias, 0) {
                Some(t) => cur = Some(t),
                None => break,
            }
        }
        match cur {
            Some(t) => Cow::Owned(t),
            None => Cow::Borrowed(ty),
        }
    }

    fn collect_items(&mut self, items: &[syn::Item], cands: &mut Vec<Candidate>) {
        for item in items {
            match item {
                syn::Item::Struct(s) => {
                    let mut fields = BTreeMap::new();
                    for (i, f) in s.fields.iter().enumerate() {
                        let name = f
                            .ident
                            .as_ref()
                            .map(|i| i.to_string())
                            .unwrap_or_else(|| i.to_string());
                        fields.insert(name, classify(&self.expand(&f.ty), &self.uses));
                    }
                    self.structs.insert(s.ident.to_string(), fields);
                }
                syn::Item::Const(c) => {
                    let args: syn::punctuated::Punctuated<syn::Expr, syn::Token![,]> =
                        std::iter::once((*c.expr).clone()).collect();
                    if let Some(o) = crate::model::syntax::orderings_in(&args).pop() {
                        self.ordering_consts.insert(c.ident.to_string(), o);
                    }
                }
                syn::Item::Static(s) => {
                    let info = self.static_info(s);
                    self.statics.insert(info.name.clone(), info);
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        collect_uses(items, &mut self.uses);
                        self.collect_items(items, cands);
                    }
                }
                syn::Item::Macro(m) => {
                    let name = crate::model::syntax::macro_name(&m.mac);
                    if name == "lazy_static" || name == "thread_local" {
                        self.collect_macro_statics(&m.mac.tokens, name == "thread_local");
                    }
                    if name == "macro_rules"
                        && let Some(id) = &m.ident
                    {
                        let def = crate::model::syntax::lock_macro_def(&m.mac.tokens);
                        self.macros
                            .entry(id.to_string())
                            .and_modify(|slot| one_definition(slot, &def))
                            .or_insert(def);
                    }
                }
                syn::Item::Impl(imp) => {
                    let Some(self_ty) = type_name(&imp.self_ty) else {
                        continue;
                    };
                    if let Some((path, _)) = &imp.trait_
                        && let Some(t) = path.segments.last()
                    {
                        self.trait_impls
                            .push((t.ident.to_string(), self_ty.clone()));
                    }
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it {
                            self.collect_local_statics(&f.block);
                            if let Some(c) = wrapper_of(&self_ty, f) {
                                cands.push(c);
                            }
                            if let Some(s) = summary_of(&self_ty, &f.sig, &f.block) {
                                self.summaries.push(s);
                            }
                        }
                    }
                }
                syn::Item::Trait(t) => {
                    for it in &t.items {
                        if let syn::TraitItem::Fn(f) = it
                            && let Some(block) = &f.default
                            && let Some(s) = summary_of(&t.ident.to_string(), &f.sig, block)
                        {
                            self.summaries.push(s);
                        }
                    }
                }
                syn::Item::Fn(f) => {
                    self.collect_local_statics(&f.block);
                    if let Some(s) = summary_of("", &f.sig, &f.block) {
                        self.summaries.push(s);
                    }
                    if let Some(c) = static_wrapper_of(f) {
                        cands.push(c);
                    }
                }
                _ => {}
            }
        }
    }

    fn static_info(&self, s: &syn::ItemStatic) -> StaticInfo {
        StaticInfo {
            name: s.ident.to_string(),
            ty: classify(&self.expand(&s.ty), &self.uses),
            is_mut: matches!(s.mutability, syn::StaticMutability::Mut(_)),
            span: span_of(&s.ident),
            init: Some(span_of(&*s.expr)),
        }
    }

    /// The `static`s declared among a function body's statements (`fn rt() { static PID:
    /// OnceLock<u32> = ..; .. }`): one cell for the whole process, shared by every thread
    /// that calls the function, as a module-level one. A module-level static of the same name
    /// wins.
    fn collect_local_statics(&mut self, body: &syn::Block) {
        for st in &body.stmts {
            if let syn::Stmt::Item(syn::Item::Static(s)) = st {
                let info = self.static_info(s);
                self.statics.entry(info.name.clone()).or_insert(info);
            }
        }
    }

    /// `lazy_static! { static ref NAME: Type = expr; }` and `thread_local!` statics.
    fn collect_macro_statics(&mut self, tokens: &proc_macro2::TokenStream, thread_local: bool) {
        use proc_macro2::TokenTree;
        let toks: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let mut i = 0;
        while i < toks.len() {
            if let TokenTree::Ident(id) = &toks[i]
                && id == "static"
            {
                let mut j = i + 1;
                if matches!(toks.get(j), Some(TokenTree::Ident(r)) if r == "ref") {
                    j += 1;
                }
                if let (Some(TokenTree::Ident(name)), Some(TokenTree::Punct(colon))) =
                    (toks.get(j), toks.get(j + 1))
                    && colon.as_char() == ':'
                {
                    let mut k = j + 2;
                    let mut ty_toks = proc_macro2::TokenStream::new();
                    let mut depth = 0i32;
                    while k < toks.len() {
                        if let TokenTree::Punct(p) = &toks[k] {
                            match p.as_char() {
                                '<' => depth += 1,
                                '>' => depth -= 1,
                                '=' if depth <= 0 => break,
                                _ => {}
                            }
                        }
                        ty_toks.extend(std::iter::once(toks[k].clone()));
                        k += 1;
                    }
                    if let Ok(ty) = syn::parse2::<syn::Type>(ty_toks) {
                        let info = StaticInfo {
                            name: name.to_string(),
                            ty: classify(&self.expand(&ty), &self.uses),
                            // thread_local values are per thread: never shared
                            is_mut: false,
                            span: span_of(name),
                            init: None,
                        };
                        if !thread_local {
                            self.statics.insert(info.name.clone(), info);
                        }
                    }
                    i = k;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// Merge another file's index into this one (first definition of a name wins; callers
    /// merge in path order so the result is deterministic).
    pub fn merge(&mut self, other: &ItemIndex) {
        for (k, v) in &other.structs {
            self.structs.entry(k.clone()).or_insert_with(|| v.clone());
        }
        for (k, v) in &other.statics {
            self.statics.entry(k.clone()).or_insert_with(|| v.clone());
        }
        self.wrappers.extend(other.wrappers.iter().cloned());
        self.summaries.extend(other.summaries.iter().cloned());
        self.trait_impls.extend(other.trait_impls.iter().cloned());
    }

    pub fn wrapper(&self, self_ty: &str, method: &str) -> Option<&Wrapper> {
        self.wrappers
            .iter()
            .find(|w| {
                w.method == method
                    && w.static_lock.is_none()
                    && (w.self_ty == self_ty || self_ty.is_empty())
            })
            .or_else(|| self.external_wrapper(self_ty, method))
    }

    /// The free function `name` returning a guard of a static: this file's, or another's.
    pub fn free_wrapper(&self, name: &str) -> Option<&Wrapper> {
        self.wrappers
            .iter()
            .find(|w| w.static_lock.is_some() && w.method == name)
            .or_else(|| self.externals.as_ref()?.free_wrapper(name))
    }

    /// A guard-returning method of another file: `self_ty`'s own (the type must be known), or
    /// a lock extension method of that name.
    pub fn external_wrapper(&self, self_ty: &str, method: &str) -> Option<&Wrapper> {
        self.externals.as_ref()?.wrapper(self_ty, method)
    }
}

fn collect_uses(items: &[syn::Item], uses: &mut UseMap) {
    for item in items {
        if let syn::Item::Use(u) = item {
            walk_use(&u.tree, String::new(), uses);
        }
    }
}

fn walk_use(tree: &syn::UseTree, prefix: String, uses: &mut UseMap) {
    let join = |p: &str, s: &str| {
        if p.is_empty() {
            s.to_string()
        } else {
            format!("{p}::{s}")
        }
    };
    match tree {
        syn::UseTree::Path(p) => walk_use(&p.tree, join(&prefix, &p.ident.to_string()), uses),
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name != "self" {
                uses.insert(name.clone(), join(&prefix, &name));
            } else if let Some(last) = prefix.rsplit("::").next() {
                uses.insert(last.to_string(), prefix.clone());
            }
        }
        syn::UseTree::Rename(r) => {
            uses.insert(r.rename.to_string(), join(&prefix, &r.ident.to_string()));
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                walk_use(t, prefix.clone(), uses);
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}

/// The name of a type used as an impl's self type (`Foo`, `Foo<T>`, `&Foo` -> `Foo`).
pub fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::Reference(r) => type_name(&r.elem),
        syn::Type::Paren(p) => type_name(&p.elem),
        _ => None,
    }
}

/// Whether a method may be a guard-returning wrapper: it takes `self` (and maybe arguments
/// that do not pick the lock), returns a value,
/// and its body's value is `self.<fields>.<lock method>()` (through unwrap/expect/?/.await),
/// or such a call wrapped in `Box::new(..)`, `Guard::map(.., ..)`, `Ok`/`Some`, a tuple or a
/// struct literal, or a call `self.<fields>.<helper>()` of another wrapper.
fn wrapper_of(self_ty: &str, f: &syn::ImplItemFn) -> Option<Candidate> {
    let syn::ReturnType::Type(_, ret) = &f.sig.output else {
        return None;
    };
    f.sig.receiver()?;
    let ret_text = quote::quote!(#ret).to_string().replace(' ', "");
    let tail = match f.block.stmts.last()? {
        syn::Stmt::Expr(e, None) => e,
        _ => return None,
    };
    if let Some(c) = shard_ref_of(self_ty, f, tail) {
        return Some(c);
    }
    let tail = handed_back_tail(&f.block.stmts, tail);
    let (m, recv, lock_call) = match guard_call_in(tail, 0) {
        Some(mc) => (
            mc.method.to_string(),
            &*mc.receiver,
            super::syntax::is_lock_method(mc),
        ),
        None => {
            let (m, recv) = ufcs_owned_lock(tail, 0)?;
            (m, recv, true)
        }
    };
    let mut place = super::syntax::place_of(recv)?;
    let call = if lock_call { Ok(m) } else { Err(m) };
    let mut elem_key = None;
    if place.root != super::place::Root::SelfRef {
        // a lock the body looks up by an argument: `let l = self.locks.get(&id)?.clone();`
        let (super::place::Root::Local(local), true, Ok(_)) =
            (&place.root, place.fields.is_empty(), &call)
        else {
            return None;
        };
        let (elem, key) = looked_up_lock(f, local)?;
        place = elem;
        elem_key = Some(key);
    }
    Some(Candidate {
        self_ty: self_ty.to_string(),
        method: f.sig.ident.to_string(),
        fields: place.fields,
        call,
        ret: ret_text,
        args: f.sig.inputs.len() - 1,
        static_lock: None,
        elem_key,
        shard: false,
    })
}

/// A method whose value is the reference `self.<field>.get(k)` / `get_mut(k)` gave, passed on
/// as it is: through `?`, `Ok(..)` / `Some(..)`, `ok_or(..)` / `ok_or_else(..)`, `unwrap()` /
/// `expect(..)` / `context(..)` (each keeps the value; any other adapter, `map(|r|
/// r.clone())`, `cloned()`, makes something else). Whether the field is a `DashMap` is
/// decided once the file's structs are known ([`ItemIndex::resolve_wrappers`]).
fn shard_ref_of(self_ty: &str, f: &syn::ImplItemFn, tail: &syn::Expr) -> Option<Candidate> {
    let mut e = tail;
    for _ in 0..8 {
        e = super::syntax::peel_parens(e);
        match e {
            syn::Expr::Try(t) => e = &t.expr,
            syn::Expr::Call(c) if c.args.len() == 1 => {
                let syn::Expr::Path(p) = &*c.func else {
                    return None;
                };
                if !(p.path.is_ident("Ok") || p.path.is_ident("Some")) {
                    return None;
                }
                e = &c.args[0];
            }
            syn::Expr::MethodCall(mc)
                if matches!(
                    mc.method.to_string().as_str(),
                    "ok_or" | "ok_or_else" | "unwrap" | "expect" | "context" | "with_context"
                ) =>
            {
                e = &mc.receiver
            }
            _ => break,
        }
    }
    let syn::Expr::MethodCall(mc) = e else {
        return None;
    };
    let lock = match mc.method.to_string().as_str() {
        "get" => "read",
        "get_mut" => "write",
        _ => return None,
    };
    if mc.args.len() != 1 {
        return None;
    }
    let place = super::syntax::place_of(&mc.receiver)?;
    if place.root != super::place::Root::SelfRef || place.fields.len() != 1 {
        return None;
    }
    Some(Candidate {
        self_ty: self_ty.to_string(),
        method: f.sig.ident.to_string(),
        fields: place.fields,
        call: Ok(lock.to_string()),
        ret: String::new(),
        args: f.sig.inputs.len() - 1,
        static_lock: None,
        elem_key: None,
        shard: true,
    })
}

/// The element of a collection of `self` that the local `local` of method `f` is bound to,
/// looked up by a parameter (`let lock = self.region_locks.read().await.get(&id)?.clone();`):
/// the element's place with its key written `[*]`, and the parameter's index (`self` not
/// counted).
fn looked_up_lock(f: &syn::ImplItemFn, local: &str) -> Option<(super::place::Place, usize)> {
    let init = f.block.stmts.iter().find_map(|s| match s {
        syn::Stmt::Local(l) if pat_ident(&l.pat).as_deref() == Some(local) => {
            l.init.as_ref().map(|i| &*i.expr)
        }
        _ => None,
    })?;
    let mut e = init;
    // `Arc::clone(x)`, `x.clone()`, `x.cloned()`, `x?`, `x.unwrap()`
    loop {
        e = super::syntax::peel_parens(e);
        match e {
            syn::Expr::Call(c)
                if c.args.len() == 1 && super::syntax::call_name(c).as_deref() == Some("clone") =>
            {
                e = &c.args[0]
            }
            syn::Expr::MethodCall(mc)
                if mc.args.is_empty()
                    && matches!(
                        mc.method.to_string().as_str(),
                        "clone" | "cloned" | "unwrap" | "as_ref"
                    ) =>
            {
                e = &mc.receiver
            }
            syn::Expr::MethodCall(mc) if mc.method == "expect" => e = &mc.receiver,
            syn::Expr::Try(t) => e = &t.expr,
            _ => break,
        }
    }
    let mut p = super::syntax::elem_place_of(e)?;
    if p.root != super::place::Root::SelfRef {
        return None;
    }
    let last = p.fields.last()?;
    let key = last.strip_prefix('[')?.strip_suffix(']')?.to_string();
    let params: Vec<String> = f
        .sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => Some(pat_ident(&t.pat).unwrap_or_default()),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let i = params.iter().position(|n| *n == key)?;
    p.fields.pop();
    p.fields.push("[*]".to_string());
    Some((p, i))
}

/// The name a pattern binds when it is one name (`lock`, `mut lock`, `lock: T`).
fn pat_ident(p: &syn::Pat) -> Option<String> {
    match p {
        syn::Pat::Ident(i) if i.subpat.is_none() => Some(i.ident.to_string()),
        syn::Pat::Type(t) => pat_ident(&t.pat),
        _ => None,
    }
}

/// A body's value that is a Condvar wait handing back the guard of a local bound in the body
/// (`let g = self.m.lock().unwrap(); self.cv.wait_while(g, ..).unwrap()`): that local's
/// initialiser, whose guard the body returns. Else `tail` itself.
fn handed_back_tail<'a>(stmts: &'a [syn::Stmt], tail: &'a syn::Expr) -> &'a syn::Expr {
    let name = match super::condvar::handed_back(tail).map(super::syntax::peel_parens) {
        Some(syn::Expr::Path(p)) if p.qself.is_none() && p.path.segments.len() == 1 => {
            p.path.segments[0].ident.to_string()
        }
        _ => return tail,
    };
    stmts
        .iter()
        .rev()
        .find_map(|s| match s {
            syn::Stmt::Local(l) if pat_ident(&l.pat).as_deref() == Some(name.as_str()) => {
                l.init.as_ref().map(|i| &*i.expr)
            }
            _ => None,
        })
        .unwrap_or(tail)
}

/// A free function whose body's value is a guard of a static:
/// `fn users() -> RwLockReadGuard<'static, Users> { USERS.get().expect("set").read() }`.
fn static_wrapper_of(f: &syn::ItemFn) -> Option<Candidate> {
    let syn::ReturnType::Type(_, ret) = &f.sig.output else {
        return None;
    };
    if f.sig.asyncness.is_some() {
        return None;
    }
    let tail = match f.block.stmts.last()? {
        syn::Stmt::Expr(e, None) => e,
        _ => return None,
    };
    let tail = handed_back_tail(&f.block.stmts, tail);
    let mc = guard_call_in(tail, 0)?;
    // a `try_lock` gate gives a `Result` its callers test: no blocking acquisition
    if !super::syntax::is_lock_method(mc) || mc.method.to_string().starts_with("try_") {
        return None;
    }
    let place = super::syntax::place_of(&mc.receiver)?;
    // a one-segment path is a static only where the file declares one (checked once every
    // item is collected: [`ItemIndex::resolve_wrappers`])
    use super::place::Root;
    if !matches!(place.root, Root::Static(_) | Root::Local(_)) || !place.fields.is_empty() {
        return None;
    }
    Some(Candidate {
        self_ty: String::new(),
        method: f.sig.ident.to_string(),
        fields: Vec::new(),
        call: Ok(mc.method.to_string()),
        ret: quote::quote!(#ret).to_string().replace(' ', ""),
        args: f.sig.inputs.len(),
        static_lock: Some(place.text),
        elem_key: None,
        shard: false,
    })
}

/// An owned guard taken through the lock type's path (`RwLock::write_owned(lock).await`,
/// `Mutex::lock_owned(m)`, also inside `Some(..)` / `Ok(..)`): the lock method and the lock.
fn ufcs_owned_lock(e: &syn::Expr, depth: usize) -> Option<(String, &syn::Expr)> {
    if depth > 4 {
        return None;
    }
    let syn::Expr::Call(c) = super::syntax::peel_guard_suffix(e) else {
        return None;
    };
    let path = super::syntax::call_path(c);
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    match path.as_slice() {
        [.., "Some" | "Ok"] if c.args.len() == 1 => ufcs_owned_lock(&c.args[0], depth + 1),
        [
            ..,
            "RwLock" | "Mutex",
            m @ ("write_owned" | "read_owned" | "lock_owned"),
        ] if c.args.len() == 1 => Some((m.to_string(), &c.args[0])),
        _ => None,
    }
}

/// The method call whose value is the guard a wrapper's body returns.
fn guard_call_in(e: &syn::Expr, depth: usize) -> Option<&syn::ExprMethodCall> {
    if depth > 4 {
        return None;
    }
    // `cv.wait_while(self.m.lock().unwrap(), ..).unwrap()`: the wait gives the guard back
    if let Some(arg) = super::condvar::handed_back(e) {
        return guard_call_in(arg, depth + 1);
    }
    match super::syntax::peel_guard_suffix(e) {
        syn::Expr::MethodCall(mc) if mc.args.is_empty() || super::syntax::is_lock_method(mc) => {
            Some(mc)
        }
        syn::Expr::Call(c) => {
            let syn::Expr::Path(p) = &*c.func else {
                return None;
            };
            let last = p.path.segments.last()?.ident.to_string();
            if matches!(
                last.as_str(),
                "new" | "Ok" | "Some" | "map" | "try_map" | "from"
            ) {
                c.args.first().and_then(|a| guard_call_in(a, depth + 1))
            } else {
                None
            }
        }
        syn::Expr::Tuple(t) => t.elems.iter().find_map(|a| guard_call_in(a, depth + 1)),
        syn::Expr::Struct(s) => s
            .fields
            .iter()
            .find_map(|f| guard_call_in(&f.expr, depth + 1)),
        syn::Expr::Block(b) => match b.block.stmts.last()? {
            syn::Stmt::Expr(e, None) => guard_call_in(e, depth + 1),
            _ => None,
        },
        _ => None,
    }
}

/// Methods of a guarded collection or value that change it: a helper calling one writes.
pub const MUTATORS: &[&str] = &[
    "insert",
    "remove",
    "push",
    "pop",
    "push_back",
    "push_front",
    "pop_back",
    "pop_front",
    "take",
    "replace",
    "clear",
    "retain",
    "entry",
    "extend",
    "truncate",
    "drain",
    "swap",
    "append",
    "or_insert",
    "or_insert_with",
    "or_default",
    "set",
    "swap_remove",
    "shift_remove",
    "split_off",
    "sort",
    "dedup",
];

/// A return type that shares a struct of the program: `&Inner`, `&'a Inner`, `&Arc<Inner>`,
/// `Arc<Inner>`. Its accessor (`&self.inner`) is a path to the locks the struct holds
/// (`self.inner().m.lock()` locks `self.inner.m`).
fn returns_struct_ref(ret: &syn::ReturnType) -> bool {
    let syn::ReturnType::Type(_, t) = ret else {
        return false;
    };
    let (by_ref, mut t) = match &**t {
        syn::Type::Reference(r) => (true, &*r.elem),
        t => (false, t),
    };
    let mut shared = false;
    loop {
        let syn::Type::Path(p) = t else {
            return false;
        };
        let Some(last) = p.path.segments.last() else {
            return false;
        };
        let name = last.ident.to_string();
        match (&last.arguments, name.as_str()) {
            (syn::PathArguments::AngleBracketed(a), "Arc" | "Rc") => {
                let Some(syn::GenericArgument::Type(inner)) = a.args.first() else {
                    return false;
                };
                shared = true;
                t = inner;
            }
            (syn::PathArguments::None, _) => {
                return (by_ref || shared)
                    && name.starts_with(|c: char| c.is_ascii_uppercase())
                    && !matches!(
                        name.as_str(),
                        "Self" | "String" | "Path" | "PathBuf" | "OsStr" | "OsString" | "Bytes"
                    );
            }
            _ => return false,
        }
    }
}

/// The summary of a helper whose body is one statement or tail expression over one lock or
/// atomic reached through `self` or a parameter (see [`Summary`]).
fn summary_of(self_ty: &str, sig: &syn::Signature, block: &syn::Block) -> Option<Summary> {
    use super::syntax::{is_lock_method, place_of};
    let [stmt] = block.stmts.as_slice() else {
        return None;
    };
    let (e, unit_stmt) = match stmt {
        syn::Stmt::Expr(e, semi) => (e, semi.is_some()),
        _ => return None,
    };
    let e = match e {
        syn::Expr::Return(r) => r.expr.as_deref()?,
        e => e,
    };
    let has_self = sig.receiver().is_some();
    if has_self && self_ty.is_empty() {
        return None;
    }
    let params: Vec<String> = sig
        .inputs
        .iter()
        .filter_map(|i| match i {
            syn::FnArg::Typed(t) => Some(match &*t.pat {
                syn::Pat::Ident(i) => i.ident.to_string(),
                _ => String::new(),
            }),
            _ => None,
        })
        .collect();
    let returns = match &sig.output {
        syn::ReturnType::Default => None,
        syn::ReturnType::Type(_, t) => {
            let text = quote::quote!(#t).to_string().replace(' ', "");
            (text != "()").then_some(text)
        }
    };
    // the base of a place: `self` (methods) or a parameter
    let base_of = |p: &super::place::Place| -> Option<Option<usize>> {
        match &p.root {
            super::place::Root::SelfRef if has_self => Some(None),
            super::place::Root::Local(n) => params.iter().position(|x| x == n).map(Some),
            _ => None,
        }
    };
    let param_of = |e: &syn::Expr| -> Option<usize> {
        match super::syntax::peel_blocks(e) {
            syn::Expr::Path(p) if p.path.segments.len() == 1 => {
                let n = p.path.segments[0].ident.to_string();
                params.iter().position(|x| *x == n)
            }
            _ => None,
        }
    };
    // every lock call and atomic operation in the body
    struct Ops<'a> {
        locks: Vec<&'a syn::ExprMethodCall>,
        atomics: Vec<&'a syn::ExprMethodCall>,
        other: bool,
    }
    impl<'a> syn::visit::Visit<'a> for Ops<'a> {
        fn visit_expr_method_call(&mut self, mc: &'a syn::ExprMethodCall) {
            let m = mc.method.to_string();
            if is_lock_method(mc) {
                self.locks.push(mc);
            } else if super::syntax::AtomicKind::of(m.as_str()).is_some()
                && (!super::syntax::orderings_in(&mc.args).is_empty() || m == "fetch_update")
            {
                self.atomics.push(mc);
            }
            syn::visit::visit_expr_method_call(self, mc);
        }
        fn visit_expr_closure(&mut self, c: &'a syn::ExprClosure) {
            // `.map(|e| e.rev)`: a field of the value, nothing else done
            if !field_closure(c) {
                self.other = true;
            }
        }
        fn visit_expr_await(&mut self, a: &'a syn::ExprAwait) {
            syn::visit::visit_expr_await(self, a);
        }
        fn visit_macro(&mut self, _: &'a syn::Macro) {
            self.other = true;
        }
        fn visit_expr_loop(&mut self, _: &'a syn::ExprLoop) {
            self.other = true;
        }
        fn visit_expr_while(&mut self, _: &'a syn::ExprWhile) {
            self.other = true;
        }
        fn visit_expr_for_loop(&mut self, _: &'a syn::ExprForLoop) {
            self.other = true;
        }
        fn visit_local(&mut self, _: &'a syn::Local) {
            self.other = true;
        }
    }
    let mut ops = Ops {
        locks: Vec::new(),
        atomics: Vec::new(),
        other: false,
    };
    // a lookup of one key of a map reached through `self` or a parameter, made without a lock
    // call (`self.states.get(k).map(|s| s.load(o)).unwrap_or(false)`, `self.m.contains_key(k)`):
    // a map that locks internally (a `DashMap`) looked up under its own shard lock, released
    // when the helper returns. The call site keeps it only for such a map
    // ([`Effect::LockRead`] with the map's method as `lock_method`).
    if let Some(mc) = map_lookup(e)
        && let Some(p) = place_of(&mc.receiver)
        && !p.fields.is_empty()
        && let Some(base) = base_of(&p)
        && let Some(key) = param_of(key_expr(&mc.args[0]))
        && returns.is_some()
        && !unit_stmt
    {
        return Some(Summary {
            self_ty: self_ty.to_string(),
            name: sig.ident.to_string(),
            base,
            fields: p.fields,
            accessor: None,
            effect: Effect::LockRead {
                lock_method: mc.method.to_string(),
                key: Some(key),
                entry: mc.method == "get" && entry_value(e, mc),
            },
            struct_ref: false,
        });
    }
    syn::visit::Visit::visit_expr(&mut ops, e);
    if ops.other {
        return None;
    }
    // the place a lock call or atomic operation is made on: a path, or an accessor called on
    // one (`self.flag()`)
    let target = |e: &syn::Expr| -> Option<(super::place::Place, Option<String>)> {
        if let Some(p) = place_of(e) {
            return Some((p, None));
        }
        match super::syntax::peel_blocks(e) {
            syn::Expr::MethodCall(mc) if mc.args.is_empty() => {
                let p = place_of(&mc.receiver)?;
                (p.root == super::place::Root::SelfRef || !p.fields.is_empty() || has_self)
                    .then(|| (p, Some(mc.method.to_string())))
            }
            _ => None,
        }
    };
    let struct_ref = returns.as_deref().is_some_and(|ret| {
        !["Mutex", "RwLock", "Atomic"]
            .iter()
            .any(|k| ret.contains(k))
    }) && returns_struct_ref(&sig.output);
    let summary = |base: Option<usize>,
                   fields: Vec<String>,
                   accessor: Option<String>,
                   effect: Effect| Summary {
        self_ty: self_ty.to_string(),
        name: sig.ident.to_string(),
        base,
        fields,
        accessor,
        effect,
        struct_ref,
    };
    match (ops.locks.as_slice(), ops.atomics.as_slice()) {
        ([], []) => {
            // an accessor: returns the lock or atomic itself
            let ret = returns?;
            if ret.contains("Guard")
                || !["Mutex", "RwLock", "Atomic"]
                    .iter()
                    .any(|k| ret.contains(k))
                    && !returns_struct_ref(&sig.output)
            {
                return None;
            }
            let inner = match super::syntax::peel_blocks(e) {
                syn::Expr::Call(c)
                    if c.args.len() == 1
                        && super::syntax::path_segments(&c.func)
                            .is_some_and(|s| s.ends_with(&["clone".to_string()])) =>
                {
                    &c.args[0]
                }
                e => e,
            };
            // also an element of a collection of locks: `self.slots[self.selected].clone()`
            let p = place_of(inner).or_else(|| super::syntax::elem_place_of(inner))?;
            let base = base_of(&p)?;
            if base.is_some() || p.fields.is_empty() {
                return None; // `fn f(m: &Mutex<T>) -> &Mutex<T> { m }` adds nothing
            }
            Some(summary(base, p.fields, None, Effect::Accessor))
        }
        ([], [a]) => {
            let (p, accessor) = target(&a.receiver)?;
            let base = base_of(&p)?;
            if base.is_none() && p.fields.is_empty() && accessor.is_none() {
                return None;
            }
            let op = a.method.to_string();
            if op == "load" && returns.is_none() {
                return None;
            }
            let value = if op == "load" {
                None
            } else {
                a.args.first().and_then(param_of)
            };
            Some(summary(
                base,
                p.fields,
                accessor,
                Effect::Atomic {
                    orderings: super::syntax::orderings_in(&a.args),
                    op,
                    value,
                },
            ))
        }
        ([l], []) => {
            let lock_method = l.method.to_string();
            if lock_method.starts_with("try_") {
                return None;
            }
            let (p, accessor) = target(&l.receiver)?;
            let base = base_of(&p)?;
            if base.is_none() && p.fields.is_empty() && accessor.is_none() {
                return None;
            }
            // what the body does with the guard
            match super::syntax::peel_blocks(e) {
                syn::Expr::Assign(a) => {
                    // `*self.x.lock().unwrap() = v`, `self.s.write().f = v`
                    if !super::span::span_of(&*a.left).encloses(super::span::span_of(*l)) {
                        return None;
                    }
                    Some(summary(
                        base,
                        p.fields,
                        accessor,
                        Effect::LockWrite {
                            lock_method,
                            value: param_of(&a.right),
                            key: None,
                        },
                    ))
                }
                syn::Expr::Binary(b) if super::syntax::is_compound_assign(&b.op) => None,
                body => {
                    // a method called on the guard: a mutator writes, anything else reads
                    let called = guard_method(body, l);
                    let mutates = called.as_deref().is_some_and(|m| {
                        MUTATORS.contains(&m) || m.ends_with("_mut") || m.starts_with("set_")
                    });
                    if mutates {
                        if returns.is_some() && !unit_stmt {
                            return None; // `self.m.lock().remove(k)`: reads and writes at once
                        }
                        // `g.insert(k, v)`: the entry of key `k` replaced by `v`
                        let (key, value) = match guard_call(body, l) {
                            Some(mc) if mc.method == "insert" && mc.args.len() == 2 => {
                                (param_of(key_expr(&mc.args[0])), param_of(&mc.args[1]))
                            }
                            _ => (None, None),
                        };
                        return Some(summary(
                            base,
                            p.fields,
                            accessor,
                            Effect::LockWrite {
                                lock_method,
                                value: key.and(value),
                                key: value.and(key),
                            },
                        ));
                    }
                    returns.as_ref()?;
                    if unit_stmt || returns.as_deref().is_some_and(|r| r.contains("Guard")) {
                        return None;
                    }
                    // a lookup by key on the guard: which parameter the key is
                    let lookup = guard_call(body, l).filter(|mc| {
                        mc.args.len() == 1 && LOOKUPS.contains(&mc.method.to_string().as_str())
                    });
                    let key = lookup.and_then(|mc| param_of(key_expr(&mc.args[0])));
                    let entry = key.is_some()
                        && lookup.is_some_and(|mc| mc.method == "get" && entry_value(body, mc));
                    Some(summary(
                        base,
                        p.fields,
                        accessor,
                        Effect::LockRead {
                            lock_method,
                            key,
                            entry,
                        },
                    ))
                }
            }
        }
        _ => None,
    }
}

/// The map lookup a helper's body answers with, through the adapters that keep "present" as
/// `true` / `Some`: `m.get(k)`, `m.contains_key(k)`, `m.get(k).is_some()`,
/// `m.get(k).map(|v| ..).unwrap_or(false)`, `m.get(k).map_or(false, ..)`,
/// `m.get(k).is_some_and(..)`, `m.get(k).cloned()`.
fn map_lookup(e: &syn::Expr) -> Option<&syn::ExprMethodCall> {
    let is_false = |a: &syn::Expr| {
        matches!(super::syntax::peel_parens(a), syn::Expr::Lit(l)
            if matches!(&l.lit, syn::Lit::Bool(b) if !b.value))
    };
    let mut e = super::syntax::peel_blocks(e);
    loop {
        let syn::Expr::MethodCall(mc) = e else {
            return None;
        };
        let m = mc.method.to_string();
        match m.as_str() {
            "get" | "contains_key" | "contains" if mc.args.len() == 1 => return Some(mc),
            "is_some" | "cloned" | "copied" | "is_some_and" | "map" | "unwrap_or_default" => {}
            "unwrap_or" if mc.args.len() == 1 && is_false(&mc.args[0]) => {}
            "map_or" if mc.args.len() == 2 && is_false(&mc.args[0]) => {}
            _ => return None,
        }
        e = super::syntax::peel_parens(&mc.receiver);
    }
}

/// A key as a parameter is passed on: through borrows and owned copies (`&k`, `k.clone()`,
/// `k.to_string()`, `k.into()`).
fn key_expr(e: &syn::Expr) -> &syn::Expr {
    let mut e = super::syntax::peel_refs(e);
    while let syn::Expr::MethodCall(mc) = e
        && mc.args.is_empty()
        && matches!(
            mc.method.to_string().as_str(),
            "clone" | "to_owned" | "to_string" | "into" | "as_str" | "as_ref"
        )
    {
        e = super::syntax::peel_refs(&mc.receiver);
    }
    e
}

/// Whether `e` is the value of the entry that the lookup `get` (a call inside it) finds, through
/// the adapters that keep the value (a copy, a clone, a field of it): `get(k).cloned()`,
/// `get(k).copied().unwrap_or_default()`, `*get(k).unwrap()`, `get(k).map(|e| e.rev)`,
/// `get(k)?.clone()`, `get(k).cloned().unwrap_or_else(T::new)`; not `get(k).is_some()`,
/// `get(k).map(|e| e.len())` or `match get(k) {..}`.
fn entry_value(e: &syn::Expr, get: &syn::ExprMethodCall) -> bool {
    let target = super::span::method_call_span(get);
    let mut e = super::syntax::peel_blocks(e);
    for _ in 0..16 {
        match e {
            syn::Expr::MethodCall(mc) if super::span::method_call_span(mc) == target => {
                return true;
            }
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => e = &u.expr,
            syn::Expr::Reference(r) => e = &r.expr,
            syn::Expr::Try(t) => e = &t.expr,
            syn::Expr::Field(f) => e = &f.base,
            syn::Expr::MethodCall(mc) => {
                let keeps = match mc.method.to_string().as_str() {
                    "cloned" | "copied" | "clone" | "to_owned" | "unwrap" | "expect"
                    | "unwrap_or_default" | "unwrap_or" | "unwrap_or_else" | "ok_or"
                    | "ok_or_else" | "as_ref" | "as_deref" => true,
                    "map" | "and_then" => mc
                        .args
                        .first()
                        .is_some_and(|a| matches!(a, syn::Expr::Closure(c) if field_closure(c))),
                    _ => false,
                };
                if !keeps {
                    return false;
                }
                e = &mc.receiver;
            }
            _ => return false,
        }
    }
    false
}

/// `|e| e.rev`, `|e| e.clone()`, `|e| *e`, `|e| e.state.clone()`: the closure's parameter or
/// a field of it, copied or cloned.
fn field_closure(c: &syn::ExprClosure) -> bool {
    crate::model::syntax::copies_param(c, true)
}

/// The lookups of one key of a map or set: a helper whose body is one of them on its guard
/// checks the map for that key.
const LOOKUPS: &[&str] = &["get", "contains_key", "contains", "get_key_value", "peek"];

/// The method called directly on the guard of lock call `l` inside `e`
/// (`self.m.lock().unwrap().contains_key(k)` -> `contains_key`).
fn guard_method(e: &syn::Expr, l: &syn::ExprMethodCall) -> Option<String> {
    guard_call(e, l).map(|mc| mc.method.to_string())
}

/// The method call made directly on the guard of lock call `l` inside `e`.
fn guard_call<'a>(e: &'a syn::Expr, l: &syn::ExprMethodCall) -> Option<&'a syn::ExprMethodCall> {
    struct V<'a> {
        l: Span,
        found: Option<&'a syn::ExprMethodCall>,
    }
    impl<'a> syn::visit::Visit<'a> for V<'a> {
        fn visit_expr_method_call(&mut self, mc: &'a syn::ExprMethodCall) {
            if self.found.is_none()
                && let syn::Expr::MethodCall(inner) = super::syntax::peel_guard_suffix(&mc.receiver)
                && super::span::method_call_span(inner) == self.l
                && !super::syntax::is_lock_method(mc)
                && !super::syntax::is_guard_suffix(&mc.method.to_string())
            {
                self.found = Some(mc);
            }
            syn::visit::visit_expr_method_call(self, mc);
        }
    }
    let mut v = V {
        l: super::span::method_call_span(l),
        found: None,
    };
    syn::visit::Visit::visit_expr(&mut v, e);
    v.found
}
