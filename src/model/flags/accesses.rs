//! Non-atomic accesses to memory another thread can see: `static mut`s, raw-pointer derefs,
//! `UnsafeCell::get()` derefs, volatile and `ptr::read`/`ptr::write` accesses. The model only
//! knows locks and atomics; these are computed here from the AST.

use crate::diagnostic::Span;
use crate::model::FileSyntax;
use crate::model::span::span_of;
use crate::model::syntax::place_of;
use crate::model::syntax::{call_name, peel_blocks as peel};
use crate::model::{Resolver, TypeClass};
use std::collections::HashSet;
use syn::visit::Visit;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    StaticMut,
    RawPtr,
    UnsafeCell,
    Volatile,
}

#[derive(Clone, Debug)]
pub struct Access {
    pub fn_idx: usize,
    pub span: Span,
    pub write: bool,
    pub kind: Kind,
    /// The static's name or the pointer expression as written.
    pub name: String,
    /// A volatile access through a pointer of unknown origin: may be a device register.
    pub mmio: bool,
}

pub struct Accesses {
    pub all: Vec<Access>,
}

impl Accesses {
    pub fn in_fn(&self, fn_idx: usize) -> impl Iterator<Item = &Access> {
        self.all.iter().filter(move |a| a.fn_idx == fn_idx)
    }
}

pub fn collect(cx: FileSyntax) -> Accesses {
    // locals holding a raw pointer (`let p = &x as *const bool`, `addr_of!(X)`, `.as_ptr()`,
    // `.get()` of an UnsafeCell) or a reference made from one (`let r = unsafe { &*p }`)
    let mut locals = LocalScan {
        cx,
        raw: HashSet::new(),
        from_ref: HashSet::new(),
        ref_from_raw: HashSet::new(),
    };
    locals.visit_file(cx.ast);
    let mut v = Scan {
        cx,
        raw: locals.raw,
        from_ref: locals.from_ref,
        ref_from_raw: locals.ref_from_raw,
        write: false,
        out: Vec::new(),
    };
    v.visit_file(cx.ast);
    Accesses { all: v.out }
}

struct LocalScan<'a> {
    cx: FileSyntax<'a>,
    /// (fn index, name): raw pointer locals.
    raw: HashSet<(usize, String)>,
    /// Raw pointer locals derived from a reference or a static (not a device address).
    from_ref: HashSet<(usize, String)>,
    /// References made from a raw pointer (`let r = unsafe { &*p }`).
    ref_from_raw: HashSet<(usize, String)>,
}

impl<'ast> Visit<'ast> for LocalScan<'_> {
    crate::model::syntax::skip_non_code!('ast);
    fn visit_local(&mut self, l: &'ast syn::Local) {
        if let (Some(name), Some(init)) = (single_name(&l.pat), &l.init)
            && let Some(fi) = self.cx.model.fn_enclosing(span_of(l))
        {
            let e = peel(&init.expr);
            let raw_from_ref = match e {
                syn::Expr::Cast(c) => {
                    matches!(&*c.ty, syn::Type::Ptr(_))
                        && matches!(peel(&c.expr), syn::Expr::Reference(_) | syn::Expr::Cast(_))
                }
                syn::Expr::RawAddr(_) => true,
                syn::Expr::Macro(m) => m
                    .mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "addr_of" || s.ident == "addr_of_mut"),
                syn::Expr::MethodCall(mc) => {
                    let m = mc.method.to_string();
                    m == "as_ptr"
                        || m == "as_mut_ptr"
                        || (m == "get"
                            && mc.args.is_empty()
                            && self.is_unsafe_cell(fi, &mc.receiver))
                }
                syn::Expr::Call(c) => call_name(c).is_some_and(|n| n == "into_raw"),
                _ => false,
            };
            if raw_from_ref {
                self.raw.insert((fi, name.clone()));
                self.from_ref.insert((fi, name.clone()));
            }
            // `addr as *const bool`: a raw pointer of unknown origin
            if matches!(e, syn::Expr::Cast(c) if matches!(&*c.ty, syn::Type::Ptr(_))) {
                self.raw.insert((fi, name.clone()));
            }
            if let syn::Expr::Reference(r) = e
                && let syn::Expr::Unary(u) = peel(&r.expr)
                && matches!(u.op, syn::UnOp::Deref(_))
                && self.is_raw(fi, &u.expr)
            {
                self.ref_from_raw.insert((fi, name.clone()));
            }
            let ty_raw = matches!(&l.pat, syn::Pat::Type(t) if matches!(&*t.ty, syn::Type::Ptr(_)));
            if ty_raw {
                self.raw.insert((fi, name.clone()));
            }
        }
        syn::visit::visit_local(self, l);
    }
}

impl LocalScan<'_> {
    fn is_unsafe_cell(&self, fi: usize, e: &syn::Expr) -> bool {
        is_unsafe_cell(self.cx, fi, e)
    }
    fn is_raw(&self, fi: usize, e: &syn::Expr) -> bool {
        let e = peel(e);
        if let syn::Expr::Path(p) = e
            && p.path.segments.len() == 1
            && self
                .raw
                .contains(&(fi, p.path.segments[0].ident.to_string()))
        {
            return true;
        }
        if let syn::Expr::MethodCall(mc) = e
            && mc.method == "get"
            && self.is_unsafe_cell(fi, &mc.receiver)
        {
            return true;
        }
        place_type(self.cx, fi, e).is_some_and(|t| t.text.starts_with('*') && !t.is_atomic())
    }
}

fn single_name(p: &syn::Pat) -> Option<String> {
    match p {
        syn::Pat::Ident(i) => Some(i.ident.to_string()),
        syn::Pat::Type(t) => single_name(&t.pat),
        _ => None,
    }
}

pub fn is_unsafe_cell(cx: FileSyntax, fi: usize, e: &syn::Expr) -> bool {
    let Some(place) = place_of(e) else {
        return false;
    };
    let r = Resolver::new(&cx.model.index);
    r.resolve(&cx.model.fns, fi, &place)
        .is_some_and(|res| res.ty.text.contains("UnsafeCell"))
}

/// The type of a place as far as the file tells.
fn place_type(cx: FileSyntax, fi: usize, e: &syn::Expr) -> Option<crate::model::TypeInfo> {
    let place = place_of(e)?;
    let r = Resolver::new(&cx.model.index);
    r.resolve(&cx.model.fns, fi, &place).map(|r| r.ty)
}

struct Scan<'a> {
    cx: FileSyntax<'a>,
    raw: HashSet<(usize, String)>,
    from_ref: HashSet<(usize, String)>,
    ref_from_raw: HashSet<(usize, String)>,
    write: bool,
    out: Vec<Access>,
}

impl Scan<'_> {
    fn fn_at(&self, span: Span) -> Option<usize> {
        self.cx.model.fn_enclosing(span)
    }

    /// A local defined in `fi` or one of its parents, in the given set.
    fn local_in(&self, set: &HashSet<(usize, String)>, fi: usize, name: &str) -> bool {
        let fns = &self.cx.model.fns;
        let mut cur = Some(fi);
        while let Some(c) = cur {
            if set.contains(&(c, name.to_string())) {
                return true;
            }
            if fns[c].locals.iter().any(|l| l.name == name) {
                return false;
            }
            cur = fns[c].parent;
        }
        false
    }

    fn shadowed(&self, fi: usize, name: &str) -> bool {
        let fns = &self.cx.model.fns;
        let mut cur = Some(fi);
        while let Some(c) = cur {
            if fns[c].locals.iter().any(|l| l.name == name) {
                return true;
            }
            cur = fns[c].parent;
        }
        false
    }

    /// `e` (the operand of a `*`) is a raw pointer: which kind, and whether it surely points
    /// at memory (not a device address).
    fn raw_kind(&self, fi: usize, e: &syn::Expr) -> Option<(Kind, bool)> {
        let e = peel(e);
        if let syn::Expr::MethodCall(mc) = e
            && mc.method == "get"
            && mc.args.is_empty()
            && is_unsafe_cell(self.cx, fi, &mc.receiver)
        {
            return Some((Kind::UnsafeCell, true));
        }
        if let syn::Expr::Path(p) = e
            && p.path.segments.len() == 1
        {
            let name = p.path.segments[0].ident.to_string();
            if self.local_in(&self.raw, fi, &name) {
                let in_unsafe_cell = self.local_in(&self.from_ref, fi, &name);
                return Some((Kind::RawPtr, in_unsafe_cell));
            }
        }
        let ty = place_type(self.cx, fi, e)?;
        (ty.text.starts_with('*') && !ty.is_atomic() && ty.lock().is_none())
            .then_some((Kind::RawPtr, false))
    }

    fn static_mut(&self, fi: usize, p: &syn::ExprPath) -> Option<String> {
        let last = p.path.segments.last()?.ident.to_string();
        let s = self.cx.model.index.statics.get(&last)?;
        if !s.is_mut || s.ty.is_atomic() || s.ty.lock().is_some() {
            return None;
        }
        if matches!(
            s.ty.class,
            TypeClass::Sync { .. } | TypeClass::Once { .. } | TypeClass::ConcurrentMap { .. }
        ) {
            return None;
        }
        if p.path.segments.len() == 1 && self.shadowed(fi, &last) {
            return None;
        }
        Some(last)
    }

    fn push(&mut self, fi: usize, span: Span, kind: Kind, name: String, mmio: bool) {
        self.out.push(Access {
            fn_idx: fi,
            span,
            write: self.write,
            kind,
            name,
            mmio,
        });
    }

    fn text(&self, span: Span) -> String {
        crate::model::syntax::slice(&self.cx.source.text, span).to_string()
    }

    /// Whether a volatile / ptr::read argument surely points at ordinary memory.
    fn memory_arg(&self, fi: usize, e: &syn::Expr) -> bool {
        let e = peel(e);
        match e {
            syn::Expr::Reference(_) | syn::Expr::RawAddr(_) => true,
            syn::Expr::Macro(m) => m
                .mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "addr_of" || s.ident == "addr_of_mut"),
            syn::Expr::Path(p) if p.path.segments.len() == 1 => {
                let name = p.path.segments[0].ident.to_string();
                self.local_in(&self.from_ref, fi, &name)
            }
            syn::Expr::MethodCall(mc) => {
                mc.method == "get" && is_unsafe_cell(self.cx, fi, &mc.receiver)
            }
            _ => false,
        }
    }
}

impl<'ast> Visit<'ast> for Scan<'_> {
    crate::model::syntax::skip_non_code!('ast);
    fn visit_expr(&mut self, e: &'ast syn::Expr) {
        let span = span_of(e);
        let Some(fi) = self.fn_at(span) else {
            return syn::visit::visit_expr(self, e);
        };
        match e {
            syn::Expr::Assign(a) => {
                let w = self.write;
                self.write = true;
                self.visit_expr(&a.left);
                self.write = false;
                self.visit_expr(&a.right);
                self.write = w;
                return;
            }
            syn::Expr::Binary(b)
                if matches!(
                    b.op,
                    syn::BinOp::AddAssign(_)
                        | syn::BinOp::SubAssign(_)
                        | syn::BinOp::MulAssign(_)
                        | syn::BinOp::BitOrAssign(_)
                        | syn::BinOp::BitAndAssign(_)
                        | syn::BinOp::BitXorAssign(_)
                ) =>
            {
                let w = self.write;
                self.write = true;
                self.visit_expr(&b.left);
                self.write = false;
                self.visit_expr(&b.right);
                self.write = w;
                return;
            }
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => {
                if let Some((kind, _)) = self.raw_kind(fi, &u.expr) {
                    let name = self.text(span_of(&*u.expr));
                    self.push(fi, span, kind, name, false);
                    // do not descend: `*p` is one access
                    let w = self.write;
                    self.write = false;
                    syn::visit::visit_expr(self, &u.expr);
                    self.write = w;
                    return;
                }
            }
            syn::Expr::Path(p) if p.qself.is_none() => {
                if let Some(name) = self.static_mut(fi, p) {
                    self.push(fi, span, Kind::StaticMut, name, false);
                    return;
                }
                if p.path.segments.len() == 1 {
                    let name = p.path.segments[0].ident.to_string();
                    if self.local_in(&self.ref_from_raw, fi, &name) {
                        self.push(fi, span, Kind::RawPtr, name, false);
                    }
                }
                return;
            }
            syn::Expr::Call(c) => {
                let name = call_name(c).unwrap_or_default();
                let path = crate::model::syntax::call_path(c);
                let is_ptr_fn = path.len() == 1 || path.iter().any(|s| s == "ptr");
                if is_ptr_fn
                    && matches!(
                        name.as_str(),
                        "read_volatile" | "write_volatile" | "read" | "write"
                    )
                    && let Some(arg) = c.args.first()
                    && (name.contains("volatile")
                        || self.raw_kind(fi, arg).is_some()
                        || self.memory_arg(fi, arg))
                {
                    let w = self.write;
                    self.write = name.starts_with("write");
                    let mem = self.memory_arg(fi, arg) || self.static_in(fi, arg);
                    let kind = if name.contains("volatile") {
                        Kind::Volatile
                    } else {
                        Kind::RawPtr
                    };
                    let text = self.text(span_of(arg));
                    self.push(fi, span, kind, text, !mem);
                    self.write = false;
                    for a in c.args.iter().skip(1) {
                        self.visit_expr(a);
                    }
                    self.write = w;
                    return;
                }
            }
            syn::Expr::MethodCall(mc) => {
                let m = mc.method.to_string();
                if matches!(
                    m.as_str(),
                    "read_volatile" | "write_volatile" | "read" | "write" | "replace"
                ) && (m != "read" || mc.args.is_empty())
                    && (m != "write" || mc.args.len() == 1)
                    && let Some((_, mem)) = self.raw_kind(fi, &mc.receiver)
                {
                    let w = self.write;
                    self.write = m.starts_with("write") || m == "replace";
                    let kind = if m.contains("volatile") {
                        Kind::Volatile
                    } else {
                        Kind::RawPtr
                    };
                    let text = self.text(span_of(&*mc.receiver));
                    self.push(fi, span, kind, text, !mem);
                    self.write = false;
                    for a in &mc.args {
                        self.visit_expr(a);
                    }
                    self.write = w;
                    return;
                }
                // `STATIC.push(x)`: a mutation of a static mut through a method
                if let syn::Expr::Path(p) = peel(&mc.receiver)
                    && let Some(name) = self.static_mut(fi, p)
                {
                    let w = self.write;
                    self.write = w || !super::wait_loop::pure(e);
                    self.push(fi, span_of(&*mc.receiver), Kind::StaticMut, name, false);
                    self.write = false;
                    for a in &mc.args {
                        self.visit_expr(a);
                    }
                    self.write = w;
                    return;
                }
            }
            syn::Expr::Reference(r) if r.mutability.is_some() => {
                let w = self.write;
                self.write = true;
                self.visit_expr(&r.expr);
                self.write = w;
                return;
            }
            _ => {}
        }
        syn::visit::visit_expr(self, e);
    }
}

impl Scan<'_> {
    fn static_in(&self, fi: usize, e: &syn::Expr) -> bool {
        struct V<'s, 'a>(&'s Scan<'a>, usize, bool);
        impl<'ast> Visit<'ast> for V<'_, '_> {
            fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
                if self.0.static_mut(self.1, p).is_some() {
                    self.2 = true;
                }
            }
            fn visit_macro(&mut self, m: &'ast syn::Macro) {
                if let Ok(e) = syn::parse2::<syn::Expr>(m.tokens.clone())
                    && let syn::Expr::Path(p) = &e
                    && self.0.static_mut(self.1, p).is_some()
                {
                    self.2 = true;
                }
            }
        }
        let mut v = V(self, fi, false);
        v.visit_expr(e);
        v.2
    }
}
