//! The item index of one file (structs and their field types, statics, `use`s, functions and
//! guard-returning wrapper methods), merged workspace-wide by [`super::Workspace`].

use super::span::span_of;
use super::types::{TypeInfo, UseMap, classify};
use crate::diagnostic::Span;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub on_lock: bool,
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
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ItemIndex {
    pub uses: UseMap,
    /// Struct name -> field name (or tuple index) -> type.
    pub structs: BTreeMap<String, BTreeMap<String, TypeInfo>>,
    pub statics: BTreeMap<String, StaticInfo>,
    pub wrappers: Vec<Wrapper>,
}

impl ItemIndex {
    pub fn build(file: &syn::File) -> ItemIndex {
        let mut idx = ItemIndex::default();
        collect_uses(&file.items, &mut idx.uses);
        let mut cands = Vec::new();
        idx.collect_items(&file.items, &mut cands);
        idx.resolve_wrappers(cands);
        idx
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
        let cands: Vec<Candidate> = cands.into_iter().filter(|c| holds_guard(&c.ret)).collect();
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
                        on_lock: c.fields.is_empty(),
                    }),
                    Err(helper) => {
                        // `self.helper()`: a method of the same type; `self.f.helper()`: an
                        // extension method of a lock type
                        let target = out.iter().find(|w| {
                            w.method == *helper
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
                        fields.insert(name, classify(&f.ty, &self.uses));
                    }
                    self.structs.insert(s.ident.to_string(), fields);
                }
                syn::Item::Static(s) => {
                    let info = StaticInfo {
                        name: s.ident.to_string(),
                        ty: classify(&s.ty, &self.uses),
                        is_mut: matches!(s.mutability, syn::StaticMutability::Mut(_)),
                        span: span_of(&s.ident),
                        init: Some(span_of(&*s.expr)),
                    };
                    self.statics.insert(info.name.clone(), info);
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        collect_uses(items, &mut self.uses);
                        self.collect_items(items, cands);
                    }
                }
                syn::Item::Macro(m) => {
                    let name = m
                        .mac
                        .path
                        .segments
                        .last()
                        .map(|s| s.ident.to_string())
                        .unwrap_or_default();
                    if name == "lazy_static" || name == "thread_local" {
                        self.collect_macro_statics(&m.mac.tokens, name == "thread_local");
                    }
                }
                syn::Item::Impl(imp) => {
                    let Some(self_ty) = type_name(&imp.self_ty) else {
                        continue;
                    };
                    for it in &imp.items {
                        if let syn::ImplItem::Fn(f) = it
                            && let Some(c) = wrapper_of(&self_ty, f)
                        {
                            cands.push(c);
                        }
                    }
                }
                _ => {}
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
                            ty: classify(&ty, &self.uses),
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
    }

    pub fn wrapper(&self, self_ty: &str, method: &str) -> Option<&Wrapper> {
        self.wrappers
            .iter()
            .find(|w| w.method == method && (w.self_ty == self_ty || self_ty.is_empty()))
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

/// Whether a method may be a guard-returning wrapper: it takes only `self`, returns a value,
/// and its body's value is `self.<fields>.<lock method>()` (through unwrap/expect/?/.await),
/// or such a call wrapped in `Box::new(..)`, `Guard::map(.., ..)`, `Ok`/`Some`, a tuple or a
/// struct literal, or a call `self.<fields>.<helper>()` of another wrapper.
fn wrapper_of(self_ty: &str, f: &syn::ImplItemFn) -> Option<Candidate> {
    let syn::ReturnType::Type(_, ret) = &f.sig.output else {
        return None;
    };
    if f.sig.inputs.len() != 1 || f.sig.receiver().is_none() {
        return None;
    }
    let ret_text = quote::quote!(#ret).to_string().replace(' ', "");
    let tail = match f.block.stmts.last()? {
        syn::Stmt::Expr(e, None) => e,
        _ => return None,
    };
    let mc = guard_call_in(tail, 0)?;
    let m = mc.method.to_string();
    let place = super::syntax::place_of(&mc.receiver)?;
    if place.root != super::place::Root::SelfRef {
        return None;
    }
    let call = if super::syntax::is_lock_method(mc) {
        Ok(m)
    } else {
        Err(m)
    };
    Some(Candidate {
        self_ty: self_ty.to_string(),
        method: f.sig.ident.to_string(),
        fields: place.fields,
        call,
        ret: ret_text,
    })
}

/// The method call whose value is the guard a wrapper's body returns.
fn guard_call_in(e: &syn::Expr, depth: usize) -> Option<&syn::ExprMethodCall> {
    if depth > 4 {
        return None;
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
