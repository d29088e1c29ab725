//! What a type is, as far as concurrency goes: a lock (which kind, blocking or async), an
//! atomic, a concurrent map, a once-cell, or a plain type (with the struct it points to
//! through `Arc` / `Rc` / `Box` / `&` wrappers).

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LockFamily {
    Mutex,
    RwLock,
    /// Re-entrant: the same thread may lock it again (`ReentrantMutex`).
    Reentrant,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockType {
    pub family: LockFamily,
    /// `true` for tokio / futures / async-std / async-lock locks, whose guards may be held
    /// across `.await`.
    pub is_async: bool,
    /// The crate the lock comes from (`std`, `parking_lot`, `tokio`, `spin`, ..., or `?`).
    pub origin: String,
}

impl LockType {
    /// Whether a writer waiting for this lock makes new readers wait behind it (std,
    /// parking_lot, tokio and async-lock RwLocks): two threads that each hold a read guard and
    /// ask for a read guard the other holds then deadlock once a third thread queues a write.
    /// spin's RwLock lets readers in while a writer waits, and so does a `DashMap`'s shard
    /// lock (its `RawRwLock` refuses a shared lock only while a writer holds the shard; shard
    /// locks are also per key, so a read and a write of one map rarely meet).
    pub fn writer_blocks_readers(&self) -> bool {
        self.family == LockFamily::RwLock && !matches!(self.origin.as_str(), "spin" | "dashmap")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TypeClass {
    Lock {
        lock: LockType,
        /// The guarded type, classified.
        inner: Box<TypeInfo>,
    },
    /// `AtomicUsize`, `AtomicBool`, ...
    Atomic {
        name: String,
    },
    /// A map with internal locking (`DashMap`, `DashSet`).
    ConcurrentMap {
        name: String,
        /// The value type (`V` of `DashMap<K, V>`), classified; `None` for a set or when not
        /// written.
        value: Option<Box<TypeInfo>>,
    },
    /// `HashMap`, `BTreeMap`, `HashSet`, `BTreeSet`, `IndexMap`.
    Map {
        name: String,
    },
    /// `OnceLock`, `OnceCell`, `Lazy`, `LazyLock` around `inner`.
    Once {
        name: String,
        inner: Box<TypeInfo>,
    },
    /// `Condvar` / `Notify` / channels: real synchronization primitives.
    Sync {
        name: String,
    },
    /// Anything else: `name` is the last path segment after peeling wrappers (a struct name
    /// to look up in the index, or a primitive).
    Plain {
        name: String,
    },
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeInfo {
    pub class: TypeClass,
    /// The type as written, whitespace-normalised.
    pub text: String,
}

impl TypeInfo {
    pub fn unknown() -> Self {
        TypeInfo {
            class: TypeClass::Unknown,
            text: String::new(),
        }
    }
    /// `&mut T` or `&'a mut T`: an exclusive borrow; while it lives no other actor can reach
    /// `T` (unless `T` itself shares its pointee: [`TypeInfo::exclusive_borrow`]).
    pub fn is_mut_ref(&self) -> bool {
        mut_ref_target(&self.text).is_some()
    }
    /// `&T` or `&'a T` (not `&mut`): a shared borrow.
    pub fn is_shared_ref(&self) -> bool {
        self.text.starts_with('&') && !self.is_mut_ref()
    }
    /// A `&mut` borrow of a value it owns: not of an `Arc` / `Rc` / reference / raw pointer,
    /// whose pointee other holders reach without this borrow. Two actors cannot use the
    /// value at once: a map checked and then filled through it has one writer.
    pub fn exclusive_borrow(&self) -> bool {
        mut_ref_target(&self.text).is_some_and(|t| {
            let head = t.split('<').next().unwrap_or("");
            let last = head.rsplit("::").next().unwrap_or("").trim();
            !t.starts_with(['&', '*']) && !matches!(last, "Arc" | "Rc" | "Weak")
        })
    }
    pub fn lock(&self) -> Option<&LockType> {
        match &self.class {
            TypeClass::Lock { lock, .. } => Some(lock),
            TypeClass::Once { inner, .. } => inner.lock(),
            _ => None,
        }
    }
    pub fn is_atomic(&self) -> bool {
        match &self.class {
            TypeClass::Atomic { .. } => true,
            TypeClass::Once { inner, .. } => inner.is_atomic(),
            _ => false,
        }
    }
    /// An `ArcSwap<T>` (arc-swap's atomic `Arc`, whose `load`/`store` take no ordering),
    /// through the reference-counting wrappers. Classified as its `T` (a wrapper: fields and
    /// methods are reached through `load()`), so told by the type as written.
    pub fn is_arc_swap(&self) -> bool {
        let mut t = self.text.trim_start_matches('&');
        loop {
            let seg = t.split('<').next().unwrap_or("");
            let last = seg.rsplit("::").next().unwrap_or("").trim();
            match last {
                "ArcSwap" | "ArcSwapOption" | "ArcSwapAny" => return true,
                "Arc" | "Rc" | "Box" | "Pin" | "CachePadded" | "Lazy" | "LazyLock" => {
                    match t.find('<') {
                        Some(i) => t = t[i + 1..].trim_start_matches('&'),
                        None => return false,
                    }
                }
                _ => return false,
            }
        }
    }
    /// A `DashMap` / `DashSet`: a map whose calls lock the key's shard.
    pub fn is_sharded_map(&self) -> bool {
        match &self.class {
            TypeClass::ConcurrentMap { name, .. } => name == "DashMap" || name == "DashSet",
            // `Lazy<DashMap<..>>` derefs to the map
            TypeClass::Once { inner, .. } => inner.is_sharded_map(),
            _ => false,
        }
    }
    /// A `tokio::sync::watch::Receiver` / `Sender` (through `Arc` and the other
    /// wrappers): the channel keeps its value behind a `RwLock` (std's, or parking_lot's with
    /// tokio's `parking_lot` feature; both let a queued writer go before new readers).
    /// `borrow()` / `borrow_and_update()` / `wait_for(..)` return a `watch::Ref` that holds
    /// its read lock until dropped; `send` / `send_modify` / `send_replace` /
    /// `send_if_modified` take its write lock while they run. Every endpoint cloned from one
    /// place shares the lock of that place.
    pub fn watch_lock(&self) -> Option<LockType> {
        match &self.class {
            TypeClass::Sync { name } if name.starts_with("watch::") => Some(LockType {
                family: LockFamily::RwLock,
                is_async: false,
                origin: "tokio::sync::watch".into(),
            }),
            TypeClass::Once { inner, .. } => inner.watch_lock(),
            _ => None,
        }
    }
    /// The struct name this type leads to, through wrappers.
    pub fn struct_name(&self) -> Option<&str> {
        match &self.class {
            TypeClass::Plain { name } => Some(name),
            TypeClass::Once { inner, .. } => inner.struct_name(),
            _ => None,
        }
    }
    /// The guarded type of a lock.
    pub fn guarded(&self) -> Option<&TypeInfo> {
        match &self.class {
            TypeClass::Lock { inner, .. } => Some(inner),
            TypeClass::Once { inner, .. } => inner.guarded(),
            _ => None,
        }
    }
    /// The value type of a concurrent map (`V` of `DashMap<K, V>`), through `Lazy<..>`.
    pub fn map_value(&self) -> Option<&TypeInfo> {
        match &self.class {
            TypeClass::ConcurrentMap { value, .. } => value.as_deref(),
            TypeClass::Once { inner, .. } => inner.map_value(),
            _ => None,
        }
    }
    /// The type as written is an `Arc<..>` (`Arc<T>`, `std::sync::Arc<T>`).
    pub fn is_arc(&self) -> bool {
        let t = self.text.trim_start_matches("std::sync::");
        t.starts_with("Arc<")
    }
    pub fn is_map(&self) -> bool {
        matches!(
            self.class,
            TypeClass::Map { .. } | TypeClass::ConcurrentMap { .. }
        )
    }
}

/// `use` declarations of one file: last segment (or alias) -> full path.
pub type UseMap = HashMap<String, String>;

/// `&mut T` / `&'a mut T` / `& 'a mut T` -> `T`.
fn mut_ref_target(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('&')?.trim_start();
    let rest = match rest.strip_prefix('\'') {
        Some(l) => l
            .trim_start_matches(|c: char| c.is_alphanumeric() || c == '_')
            .trim_start(),
        None => rest,
    };
    let t = rest.strip_prefix("mut")?;
    (!t.starts_with(|c: char| c.is_alphanumeric() || c == '_')).then(|| t.trim_start())
}

const WRAPPERS: &[&str] = &[
    "Arc",
    "Rc",
    "Box",
    "Pin",
    "CachePadded",
    "ManuallyDrop",
    "Weak",
    "Cow",
    "ArcSwap",
];

/// Classify a syn type, resolving names through the file's `use` map.
pub fn classify(ty: &syn::Type, uses: &UseMap) -> TypeInfo {
    let text = normalise(&quote::quote!(#ty).to_string());
    TypeInfo {
        class: classify_class(ty, uses, 0),
        text,
    }
}

fn classify_class(ty: &syn::Type, uses: &UseMap, depth: usize) -> TypeClass {
    if depth > 16 {
        return TypeClass::Unknown;
    }
    match ty {
        syn::Type::Reference(r) => classify_class(&r.elem, uses, depth + 1),
        syn::Type::Paren(p) => classify_class(&p.elem, uses, depth + 1),
        syn::Type::Group(g) => classify_class(&g.elem, uses, depth + 1),
        syn::Type::Ptr(p) => classify_class(&p.elem, uses, depth + 1),
        syn::Type::Path(p) => {
            let segs: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let Some(last) = p.path.segments.last() else {
                return TypeClass::Unknown;
            };
            let name = last.ident.to_string();
            let first_arg = || -> Option<&syn::Type> {
                if let syn::PathArguments::AngleBracketed(a) = &last.arguments {
                    a.args.iter().find_map(|g| match g {
                        syn::GenericArgument::Type(t) => Some(t),
                        _ => None,
                    })
                } else {
                    None
                }
            };
            let inner = |d: usize| -> TypeInfo {
                match first_arg() {
                    Some(t) => TypeInfo {
                        class: classify_class(t, uses, d + 1),
                        text: normalise(&quote::quote!(#t).to_string()),
                    },
                    None => TypeInfo::unknown(),
                }
            };
            if WRAPPERS.contains(&name.as_str()) {
                return match first_arg() {
                    Some(t) => classify_class(t, uses, depth + 1),
                    None => TypeClass::Unknown,
                };
            }
            // `Option<Mutex<T>>`, `Option<Arc<RwLock<T>>>`: a lock that may be absent, reached
            // through `as_ref().unwrap()` / `if let Some(m) = &self.m`; other options are plain
            if name == "Option"
                && let Some(t) = first_arg()
            {
                let c = classify_class(t, uses, depth + 1);
                if matches!(c, TypeClass::Lock { .. }) {
                    return c;
                }
            }
            let full = full_path(&segs, uses);
            // `use parking_lot::Mutex as PlMutex`: classify by the real name
            let name = full.rsplit("::").next().unwrap_or(&name).to_string();
            if let Some(lock) = lock_type(&name, &full) {
                return TypeClass::Lock {
                    lock,
                    inner: Box::new(inner(depth)),
                };
            }
            if name.starts_with("Atomic") && name.len() > 6 {
                return TypeClass::Atomic { name };
            }
            match name.as_str() {
                "DashMap" | "DashSet" | "SkipMap" | "SkipSet" | "CHashMap" => {
                    let value = match name.as_str() {
                        "DashSet" | "SkipSet" => None,
                        _ => element_of(ty).map(|t| {
                            Box::new(TypeInfo {
                                class: classify_class(t, uses, depth + 1),
                                text: normalise(&quote::quote!(#t).to_string()),
                            })
                        }),
                    };
                    TypeClass::ConcurrentMap { name, value }
                }
                "HashMap" | "BTreeMap" | "HashSet" | "BTreeSet" | "IndexMap" | "IndexSet"
                | "FxHashMap" | "FxHashSet" | "AHashMap" | "LruCache" => TypeClass::Map { name },
                // single-threaded cells (`std::cell::OnceCell`, `once_cell::unsync::Lazy`)
                // cannot be shared between threads: nothing to race on
                "OnceCell" | "Lazy" | "LazyCell"
                    if full.starts_with("std::cell::")
                        || full.starts_with("core::cell::")
                        || full.contains("unsync::") =>
                {
                    TypeClass::Plain { name }
                }
                "OnceLock" | "OnceCell" | "Lazy" | "LazyLock" | "LazyCell" => TypeClass::Once {
                    name: name.clone(),
                    inner: Box::new(inner(depth)),
                },
                // a `tokio::sync::watch` endpoint: its value sits behind the channel's
                // `RwLock` ([`TypeInfo::watch_lock`])
                "Sender" | "Receiver" if full.split("::").any(|s| s == "watch") => {
                    TypeClass::Sync {
                        name: format!("watch::{name}"),
                    }
                }
                "Condvar" | "Notify" | "Barrier" | "Semaphore" | "Sender" | "Receiver"
                | "SyncSender" | "UnboundedSender" | "UnboundedReceiver" | "Once" | "Event" => {
                    TypeClass::Sync { name }
                }
                _ => TypeClass::Plain { name },
            }
        }
        _ => TypeClass::Unknown,
    }
}

/// The element type of a collection type: `Vec<T>`, `VecDeque<T>`, `SmallVec<[T; N]>`,
/// `Slab<T>`, `[T; N]`, `[T]`, and the value type of a map (`HashMap<K, V>`, `BTreeMap`,
/// `IndexMap`, `DashMap`, ...), through references and the wrappers (`Arc<Vec<T>>`,
/// `Box<[T]>`, `LazyLock<Vec<T>>`).
pub fn element_of(ty: &syn::Type) -> Option<&syn::Type> {
    match ty {
        syn::Type::Reference(r) => element_of(&r.elem),
        syn::Type::Paren(p) => element_of(&p.elem),
        syn::Type::Group(g) => element_of(&g.elem),
        syn::Type::Array(a) => Some(&a.elem),
        syn::Type::Slice(s) => Some(&s.elem),
        syn::Type::Path(p) => {
            let last = p.path.segments.last()?;
            let name = last.ident.to_string();
            let syn::PathArguments::AngleBracketed(a) = &last.arguments else {
                return None;
            };
            let args: Vec<&syn::Type> = crate::model::syntax::angle_type_args(a);
            match name.as_str() {
                n if WRAPPERS.contains(&n)
                    || matches!(n, "OnceLock" | "OnceCell" | "Lazy" | "LazyLock") =>
                {
                    element_of(args.first()?)
                }
                "Vec" | "VecDeque" | "Slab" | "LinkedList" | "ArrayVec" | "TinyVec" => {
                    args.first().copied()
                }
                "SmallVec" => element_of(args.first()?),
                "HashMap" | "BTreeMap" | "IndexMap" | "FxHashMap" | "AHashMap" | "DashMap"
                | "LruCache" | "SlotMap" | "DenseSlotMap" | "HopSlotMap" | "SecondaryMap" => {
                    args.get(1).copied()
                }
                _ => None,
            }
        }
        _ => None,
    }
}

fn full_path(segs: &[String], uses: &UseMap) -> String {
    if let Some(first) = segs.first()
        && let Some(full) = uses.get(first)
    {
        let mut p = full.clone();
        for s in &segs[1..] {
            p.push_str("::");
            p.push_str(s);
        }
        return p;
    }
    segs.join("::")
}

/// Whether a type named `name` (full path `full`, as far as the file's `use`s tell) is a lock.
pub fn lock_type(name: &str, full: &str) -> Option<LockType> {
    let family = match name {
        "Mutex" | "FairMutex" | "SpinMutex" | "TicketMutex" | "RawMutex" | "AsyncMutex"
        | "TokioMutex" | "OwnedMutex" => LockFamily::Mutex,
        "RwLock" | "SpinRwLock" | "AsyncRwLock" | "TokioRwLock" | "ShardedLock" => {
            LockFamily::RwLock
        }
        "ReentrantMutex" | "RemutexLock" => LockFamily::Reentrant,
        _ => return None,
    };
    let origin = origin_of(full);
    let is_async = matches!(
        origin.as_str(),
        "tokio" | "futures" | "async_lock" | "async_std" | "smol" | "futures_util"
    ) || name.starts_with("Async")
        || name.starts_with("Tokio");
    Some(LockType {
        family,
        is_async,
        origin,
    })
}

fn origin_of(full: &str) -> String {
    let first = full.split("::").next().unwrap_or("");
    match first {
        "std" | "core" | "alloc" => "std".into(),
        "parking_lot" | "tokio" | "futures" | "futures_util" | "async_lock" | "async_std"
        | "spin" | "smol" | "lock_api" | "crossbeam" | "crossbeam_utils" => first.into(),
        _ if full.contains("::") => first.into(),
        _ => "?".into(),
    }
}

/// Collapse the spaces `quote` puts between tokens (`Arc < Mutex < T > >` -> `Arc<Mutex<T>>`).
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = if i > 0 { chars[i - 1] } else { ' ' };
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            let word = |c: char| c.is_alphanumeric() || c == '_' || c == '\'';
            if word(prev) && word(next) || prev == ',' || prev == ';' || prev == '=' || next == '='
            {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// A primitive numeric or boolean type's name (whose compound assignment is built in).
/// Whether the type written `text` holds a value of the type named `name` behind an `Arc`
/// (`Arc<Name>`, `Arc<RwLock<Name>>`, `Option<Arc<Name>>`, `Vec<Arc<Mutex<Name>>>`,
/// `std::sync::Arc<Name>`): a value other threads can reach at the same time.
pub fn arc_holds(text: &str, name: &str) -> bool {
    use syn::visit::Visit;
    struct Find<'n> {
        name: &'n str,
        in_arc: usize,
        found: bool,
    }
    impl<'ast> Visit<'ast> for Find<'_> {
        fn visit_path_segment(&mut self, seg: &'ast syn::PathSegment) {
            if self.in_arc > 0 && seg.ident == self.name {
                self.found = true;
            }
            let arc = seg.ident == "Arc";
            self.in_arc += usize::from(arc);
            syn::visit::visit_path_segment(self, seg);
            self.in_arc -= usize::from(arc);
        }
    }
    if !text.contains("Arc") || !text.contains(name) {
        return false;
    }
    let Ok(ty) = syn::parse_str::<syn::Type>(text) else {
        return false;
    };
    let mut f = Find {
        name,
        in_arc: 0,
        found: false,
    };
    f.visit_type(&ty);
    f.found
}

pub fn is_primitive_name(name: &str) -> bool {
    matches!(
        name,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
            | "f32"
            | "f64"
            | "bool"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cls(src: &str, uses: &[(&str, &str)]) -> TypeInfo {
        let ty: syn::Type = syn::parse_str(src).unwrap();
        let uses: UseMap = uses
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        classify(&ty, &uses)
    }

    #[test]
    fn locks_through_wrappers() {
        let t = cls("Arc<Mutex<HashMap<u32, String>>>", &[]);
        let lock = t.lock().expect("a lock");
        assert_eq!(lock.family, LockFamily::Mutex);
        assert!(!lock.is_async);
        assert!(t.guarded().unwrap().is_map());
        assert_eq!(t.text, "Arc<Mutex<HashMap<u32, String>>>");
    }

    #[test]
    fn async_locks_from_use_or_path() {
        let t = cls("Mutex<u64>", &[("Mutex", "tokio::sync::Mutex")]);
        assert!(t.lock().unwrap().is_async);
        let t = cls("tokio::sync::RwLock<Vec<u8>>", &[]);
        assert_eq!(t.lock().unwrap().family, LockFamily::RwLock);
        assert!(t.lock().unwrap().is_async);
        let t = cls("&'a parking_lot::Mutex<()>", &[]);
        assert_eq!(t.lock().unwrap().origin, "parking_lot");
        assert!(!t.lock().unwrap().is_async);
    }

    #[test]
    fn other_classes() {
        assert!(cls("Arc<AtomicUsize>", &[]).is_atomic());
        assert!(cls("OnceLock<Mutex<u8>>", &[]).lock().is_some());
        assert_eq!(cls("Arc<Inner>", &[]).struct_name(), Some("Inner"));
        assert!(matches!(
            cls("DashMap<String, u32>", &[]).class,
            TypeClass::ConcurrentMap { .. }
        ));
        assert!(cls("ReentrantMutex<u8>", &[]).lock().unwrap().family == LockFamily::Reentrant);
        assert!(cls("RefCell<u8>", &[]).lock().is_none());
        assert!(cls("Option<Arc<Mutex<u8>>>", &[]).lock().is_some());
        assert!(cls("Option<Mutex<u8>>", &[]).lock().is_some());
        assert_eq!(cls("Option<Arc<Inner>>", &[]).struct_name(), Some("Option"));
        // watch endpoints, by path or `use`; other channels' endpoints are no locks
        let w = cls(
            "watch::Receiver<Option<u32>>",
            &[("watch", "tokio::sync::watch")],
        );
        assert_eq!(w.watch_lock().unwrap().family, LockFamily::RwLock);
        assert!(w.lock().is_none());
        assert!(
            cls("Arc<tokio::sync::watch::Sender<u8>>", &[])
                .watch_lock()
                .is_some()
        );
        assert!(
            cls(
                "Receiver<u8>",
                &[("Receiver", "tokio::sync::watch::Receiver")]
            )
            .watch_lock()
            .is_some()
        );
        assert!(cls("mpsc::Receiver<u8>", &[]).watch_lock().is_none());
        assert!(
            cls("Receiver<u8>", &[("Receiver", "std::sync::mpsc::Receiver")])
                .watch_lock()
                .is_none()
        );
    }
}
