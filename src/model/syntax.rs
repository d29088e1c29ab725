//! Small syntax helpers shared by the model's fact collectors: which methods acquire a lock,
//! what is peeled off an acquisition (`unwrap`, `?`, `.await`), the symbolic place an
//! expression names. Each exists once; the collectors and nothing else call them.

use super::place::{Place, Root};
use crate::diagnostic::Span;
use serde::{Deserialize, Serialize};

pub const LOCK_METHODS: &[&str] = &[
    "lock",
    "read",
    "write",
    "try_lock",
    "try_read",
    "try_write",
    "upgradable_read",
    "try_upgradable_read",
    "blocking_lock",
    "blocking_read",
    "blocking_write",
    "lock_owned",
    "read_owned",
    "write_owned",
    "try_lock_owned",
    "try_read_owned",
    "try_write_owned",
    "lock_arc",
    "read_arc",
    "write_arc",
    "read_recursive",
    "try_lock_for",
    "try_read_for",
    "try_write_for",
];

/// `m.lock().unwrap()` -> `m.lock()`: peel what is applied to a guard result
/// (`unwrap`, `expect`, `?`, `.await`, `map_err(..)`, `unwrap_or_else(..)`, parentheses).
pub fn peel_guard_suffix(mut e: &syn::Expr) -> &syn::Expr {
    while let Some(inner) = guard_suffix_step(e) {
        e = inner;
    }
    e
}

/// A method that passes a lock call's result through to its guard (`unwrap`, `expect`,
/// `map_err`, `context`, ...): a step of [`guard_suffix_step`].
pub fn is_guard_suffix(method: &str) -> bool {
    matches!(
        method,
        "unwrap"
            | "expect"
            | "unwrap_or_else"
            | "map_err"
            | "unwrap_unchecked"
            | "into_inner"
            | "ok"
            | "context"
            | "with_context"
    )
}

/// One step of [`peel_guard_suffix`]: the expression a guard suffix is applied to.
pub fn guard_suffix_step(e: &syn::Expr) -> Option<&syn::Expr> {
    match e {
        syn::Expr::MethodCall(mc) if is_guard_suffix(&mc.method.to_string()) => Some(&mc.receiver),
        syn::Expr::Try(t) => Some(&t.expr),
        syn::Expr::Await(a) => Some(&a.base),
        syn::Expr::Paren(p) => Some(&p.expr),
        syn::Expr::Group(g) => Some(&g.expr),
        _ => None,
    }
}

/// The parameter a lock macro's body is written with in [`lock_macro_def`].
const MACRO_ARG: &str = "__racelint_macro_arg";

/// A `macro_rules!` macro whose every rule takes a lock given as its first argument and
/// gives the guard (`macro_rules! zread { ($var:expr) => { $var.read().unwrap() }; }`, also
/// `.lock().await`, `?`, `.expect(..)`, or `if let Ok(g) = $var.try_read() { g } else {
/// $var.read().await }`): a call `zread!(self.state)` acquires `self.state` as the lock
/// call written out would.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockMacro {
    /// The lock method the body calls (`lock`, `read`, `write`, ...).
    pub lock_method: String,
    /// The body awaits the lock (an async lock).
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub awaited: bool,
}

/// The lock macro a `macro_rules!` definition is ([`LockMacro`]), from its
/// tokens (`($var:expr) => { $var.read().unwrap() };`): every rule's first fragment is
/// followed by nothing or a comma, and every rule's body is a blocking (or awaited) lock call
/// on it with suffixes that keep the guard (`unwrap`, `expect`, `?`, `.await`), or
/// `if let Ok(g) = $var.try_read() { g } else { <such a call> }`; all rules the same lock
/// method. Anything else (a body that runs code while holding the guard, another receiver,
/// `$crate` paths, a macro that calls another macro) is no lock macro: `None`.
pub fn lock_macro_def(tokens: &proc_macro2::TokenStream) -> Option<LockMacro> {
    use proc_macro2::TokenTree;
    let toks: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut out: Option<LockMacro> = None;
    let mut i = 0;
    while i < toks.len() {
        let (TokenTree::Group(matcher), Some(TokenTree::Punct(eq)), Some(TokenTree::Punct(gt))) =
            (&toks[i], toks.get(i + 1), toks.get(i + 2))
        else {
            return None;
        };
        if eq.as_char() != '=' || gt.as_char() != '>' {
            return None;
        }
        let Some(TokenTree::Group(body)) = toks.get(i + 3) else {
            return None;
        };
        i += 4;
        if matches!(toks.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ';') {
            i += 1;
        }
        let m: Vec<TokenTree> = matcher.stream().into_iter().collect();
        let param = match &m[..] {
            [
                TokenTree::Punct(d),
                TokenTree::Ident(name),
                TokenTree::Punct(c),
                TokenTree::Ident(frag),
                rest @ ..,
            ] if d.as_char() == '$'
                && c.as_char() == ':'
                && matches!(frag.to_string().as_str(), "expr" | "ident" | "path" | "tt")
                && (rest.is_empty()
                    || matches!(&rest[0], TokenTree::Punct(p) if p.as_char() == ',')) =>
            {
                name.to_string()
            }
            _ => return None,
        };
        let stream = substitute_macro_param(body.stream(), &param)?;
        let e: syn::Expr = syn::parse2(stream).ok()?;
        let def = lock_macro_body(&e, 0)?;
        if out.as_ref().is_some_and(|o| *o != def) {
            return None;
        }
        out = Some(def);
    }
    out
}

/// Whether a file's text may define a lock macro ([`lock_macro_def`]): it has a
/// `macro_rules!` and calls a lock method on a macro fragment (`$var.read(`). A cheap test
/// on the text, before the file is parsed.
pub fn may_define_lock_macro(text: &str) -> bool {
    if !text.contains("macro_rules!") {
        return false;
    }
    text.match_indices('$').any(|(i, _)| {
        let rest = &text[i + 1..];
        let ident = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let call = &rest[ident..];
        ident > 0
            && call.starts_with('.')
            && LOCK_METHODS
                .iter()
                .any(|m| call[1..].starts_with(m) && call[1 + m.len()..].starts_with('('))
    })
}

/// A lock macro's other parameters, in [`substitute_macro_param`].
const MACRO_OTHER: &str = "__racelint_macro_other";

/// `tokens` with `$param` replaced by [`MACRO_ARG`] and the other fragments by
/// [`MACRO_OTHER`]; `None` where `$crate` or a repetition remains.
fn substitute_macro_param(
    tokens: proc_macro2::TokenStream,
    param: &str,
) -> Option<proc_macro2::TokenStream> {
    use proc_macro2::{Group, Ident, TokenTree};
    let mut out = Vec::new();
    let mut it = tokens.into_iter().peekable();
    while let Some(t) = it.next() {
        match t {
            TokenTree::Punct(p) if p.as_char() == '$' => match it.next() {
                Some(TokenTree::Ident(n)) if n == param => {
                    out.push(TokenTree::Ident(Ident::new(MACRO_ARG, n.span())));
                }
                // another fragment (an `expect` message): a value the lock call does not name
                Some(TokenTree::Ident(n)) if n != "crate" => {
                    out.push(TokenTree::Ident(Ident::new(MACRO_OTHER, n.span())));
                }
                _ => return None,
            },
            TokenTree::Group(g) => {
                let inner = substitute_macro_param(g.stream(), param)?;
                let mut ng = Group::new(g.delimiter(), inner);
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            t => out.push(t),
        }
    }
    Some(out.into_iter().collect())
}

/// The tail expression of a block of one expression, else the expression.
fn block_tail(e: &syn::Expr) -> Option<&syn::Expr> {
    match e {
        syn::Expr::Block(b) if b.label.is_none() => match &b.block.stmts[..] {
            [syn::Stmt::Expr(e, None)] => Some(e),
            _ => None,
        },
        e => Some(e),
    }
}

fn is_macro_arg(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Path(p) => p.qself.is_none() && p.path.is_ident(MACRO_ARG),
        syn::Expr::Paren(p) => is_macro_arg(&p.expr),
        syn::Expr::Group(g) => is_macro_arg(&g.expr),
        syn::Expr::Reference(r) => is_macro_arg(&r.expr),
        _ => false,
    }
}

/// [`lock_macro_def`] of one rule's body (with its parameter substituted).
fn lock_macro_body(e: &syn::Expr, depth: usize) -> Option<LockMacro> {
    if depth > 8 {
        return None;
    }
    let mut e = block_tail(e)?;
    let mut awaited = false;
    loop {
        match e {
            syn::Expr::Block(_) => e = block_tail(e)?,
            syn::Expr::Await(a) => {
                awaited = true;
                e = &a.base;
            }
            syn::Expr::MethodCall(mc)
                if matches!(
                    mc.method.to_string().as_str(),
                    "unwrap" | "expect" | "unwrap_or_else" | "map_err" | "context" | "with_context"
                ) =>
            {
                e = &mc.receiver
            }
            syn::Expr::Try(t) => e = &t.expr,
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Group(g) => e = &g.expr,
            syn::Expr::MethodCall(mc) if is_lock_method(mc) && is_macro_arg(&mc.receiver) => {
                let m = mc.method.to_string();
                if m.starts_with("try_") {
                    return None;
                }
                return Some(LockMacro {
                    lock_method: m,
                    awaited,
                });
            }
            // `if let Ok(g) = $var.try_read() { g } else { $var.read().await }`
            syn::Expr::If(i) if !awaited => {
                let syn::Expr::Let(l) = &*i.cond else {
                    return None;
                };
                let syn::Expr::MethodCall(t) = &*l.expr else {
                    return None;
                };
                let bound = match &*l.pat {
                    syn::Pat::TupleStruct(ts) if ts.elems.len() == 1 => match &ts.elems[0] {
                        syn::Pat::Ident(id) => id.ident.to_string(),
                        _ => return None,
                    },
                    _ => return None,
                };
                let [syn::Stmt::Expr(syn::Expr::Path(g), None)] = &i.then_branch.stmts[..] else {
                    return None;
                };
                let (_, els) = i.else_branch.as_ref()?;
                let def = lock_macro_body(els, depth + 1)?;
                let tried = t.method.to_string();
                return (is_macro_arg(&t.receiver)
                    && t.args.is_empty()
                    && tried.strip_prefix("try_") == Some(def.lock_method.as_str())
                    && g.path.is_ident(&bound))
                .then_some(def);
            }
            _ => return None,
        }
    }
}

/// The lock call at the core of an acquisition expression, if it is one.
pub fn lock_call(e: &syn::Expr) -> Option<&syn::ExprMethodCall> {
    match peel_guard_suffix(e) {
        syn::Expr::MethodCall(mc) if is_lock_method(mc) => Some(mc),
        _ => None,
    }
}

pub fn is_lock_method(mc: &syn::ExprMethodCall) -> bool {
    let m = mc.method.to_string();
    LOCK_METHODS.contains(&m.as_str())
        && (mc.args.is_empty() || (m.ends_with("_for") && mc.args.len() == 1))
}

/// The last segment of a macro's path: `info` of `tracing::info!(..)` (empty for none).
pub fn macro_name(m: &syn::Macro) -> String {
    m.path
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default()
}

/// Macros whose value is not their argument's (formatting, assertions, collections, SQL,
/// JSON, concurrency combinators, code generation).
const OPAQUE_MACROS: &[&str] = &[
    "format",
    "format_args",
    "print",
    "println",
    "eprint",
    "eprintln",
    "write",
    "writeln",
    "panic",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "unreachable",
    "unimplemented",
    "todo",
    "matches",
    "vec",
    "concat",
    "stringify",
    "include",
    "include_str",
    "include_bytes",
    "env",
    "option_env",
    "cfg",
    "line",
    "column",
    "file",
    "module_path",
    "json",
    "query",
    "query_as",
    "query_scalar",
    "query_file",
    "query_file_as",
    "select",
    "join",
    "try_join",
    "pin",
    "quote",
    "anyhow",
    "bail",
    "ensure",
    "error",
    "warn",
    "info",
    "debug",
    "trace",
    "span",
    "event",
    "sql",
    "lazy_static",
    "thread_local",
    "macro_rules",
    "compile_error",
];

/// The expression a project's wrapper macro evaluates to, for a macro given exactly one
/// expression and not known to compute something else: `ctx!(q.one(&db).await)`,
/// `try_db!(repo.find(id).await)`, `dbg!(x)`. The expression is parsed from the macro's
/// tokens, so its spans are those of the source.
pub fn wrapped_expr(m: &syn::Macro) -> Option<syn::Expr> {
    if OPAQUE_MACROS.contains(&macro_name(m).as_str()) || m.tokens.is_empty() {
        return None;
    }
    syn::parse2::<syn::Expr>(m.tokens.clone()).ok()
}

/// The name of a field access's member: `a` of `x.a`, `0` of `x.0`.
pub fn member_name(m: &syn::Member) -> String {
    match m {
        syn::Member::Named(i) => i.to_string(),
        syn::Member::Unnamed(i) => i.index.to_string(),
    }
}

/// The symbolic place of an expression: `self.a.b`, `COUNTER`, `m`, `&self.m`,
/// `self.m.clone()`, `CELL.get().unwrap()`.
pub fn place_of(e: &syn::Expr) -> Option<Place> {
    let mut fields = Vec::new();
    let mut cur = e;
    loop {
        match cur {
            syn::Expr::Field(f) => {
                fields.push(member_name(&f.member));
                cur = &f.base;
            }
            syn::Expr::Reference(r) => cur = &r.expr,
            syn::Expr::Paren(p) => cur = &p.expr,
            syn::Expr::Group(g) => cur = &g.expr,
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => cur = &u.expr,
            syn::Expr::MethodCall(mc)
                if mc.args.is_empty()
                    && matches!(
                        mc.method.to_string().as_str(),
                        "clone" | "as_ref" | "deref" | "get" | "unwrap" | "force" | "as_deref"
                    ) =>
            {
                cur = &mc.receiver
            }
            syn::Expr::MethodCall(mc) if mc.method == "get_or_init" || mc.method == "expect" => {
                cur = &mc.receiver
            }
            syn::Expr::Path(p) if p.qself.is_none() => {
                fields.reverse();
                let segs = &p.path.segments;
                let last = segs.last()?.ident.to_string();
                let root = if segs.len() == 1 && last == "self" {
                    Root::SelfRef
                } else if segs.len() == 1 {
                    Root::Local(last)
                } else {
                    Root::Static(last)
                };
                let mut text = match &root {
                    Root::SelfRef => "self".to_string(),
                    Root::Local(n) => n.clone(),
                    Root::Static(_) | Root::Other(_) => segs
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect::<Vec<_>>()
                        .join("::"),
                };
                for f in &fields {
                    text.push('.');
                    text.push_str(f);
                }
                return Some(Place { root, fields, text });
            }
            _ => return None,
        }
    }
}

/// [`place_of`] of a value that shares an object: also `Arc::clone(&x)` / `Rc::clone(&x)`.
pub fn shared_place_of(e: &syn::Expr) -> Option<Place> {
    let mut v = e;
    while let syn::Expr::Paren(p) = v {
        v = &p.expr;
    }
    if let syn::Expr::Call(c) = v
        && c.args.len() == 1
        && path_segments(&c.func).is_some_and(|p| p.len() == 2 && p[1] == "clone")
    {
        return place_of(&c.args[0]);
    }
    place_of(v)
}

/// Whether a place field is an element step (`[i]`, `[k]`, `[*]`): [`elem_place_of`].
pub fn is_element_field(f: &str) -> bool {
    f.starts_with('[')
}

/// The place of an expression that may name an element of a collection: `self.slots[i]`,
/// `self.slots.get(i).unwrap()`, `self.map.get(&k)?`, `SHARDS[n].inner` (an element step is
/// the field `[i]`, its key the index as written; a key that calls something, `v[next()]`,
/// is keyed by its offset so that two such steps are never taken for the same element).
/// Without an element step it is [`place_of`].
pub fn elem_place_of(e: &syn::Expr) -> Option<Place> {
    if let Some(p) = place_of(e) {
        return Some(p);
    }
    let mut suffix: Vec<String> = Vec::new();
    let mut cur = e;
    loop {
        match cur {
            syn::Expr::Field(f) => {
                suffix.push(member_name(&f.member));
                cur = &f.base;
            }
            syn::Expr::Reference(r) => cur = &r.expr,
            syn::Expr::Paren(p) => cur = &p.expr,
            syn::Expr::Group(g) => cur = &g.expr,
            syn::Expr::Try(t) => cur = &t.expr,
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => cur = &u.expr,
            syn::Expr::MethodCall(mc)
                if (mc.args.is_empty()
                    && matches!(
                        mc.method.to_string().as_str(),
                        "unwrap" | "clone" | "as_ref" | "deref" | "as_deref"
                    ))
                    || (mc.method == "expect" && mc.args.len() == 1) =>
            {
                cur = &mc.receiver
            }
            syn::Expr::Index(ix) => {
                let key = element_key(&ix.index)?;
                return with_element(collection_place_of(&ix.expr)?, key, suffix);
            }
            syn::Expr::MethodCall(mc)
                if mc.args.len() == 1
                    && matches!(mc.method.to_string().as_str(), "get" | "get_mut") =>
            {
                let key = element_key(&mc.args[0])?;
                return with_element(collection_place_of(&mc.receiver)?, key, suffix);
            }
            _ => return None,
        }
    }
}

/// The collection an element is taken from, also through the guard of a lock that holds it
/// (`SESSIONS.write().unwrap().get_mut(i)` takes an element of `SESSIONS`' value: the
/// resolver steps through the lock's type).
fn collection_place_of(e: &syn::Expr) -> Option<Place> {
    if let Some(p) = elem_place_of(e) {
        return Some(p);
    }
    let mut cur = peel_parens(e);
    while let syn::Expr::MethodCall(mc) = cur
        && (mc.method == "unwrap" || mc.method == "expect" || mc.method == "await")
    {
        cur = peel_parens(&mc.receiver);
    }
    if let syn::Expr::Await(a) = cur {
        cur = peel_parens(&a.base);
    }
    match cur {
        syn::Expr::MethodCall(mc)
            if mc.args.is_empty()
                && matches!(mc.method.to_string().as_str(), "lock" | "read" | "write") =>
        {
            elem_place_of(&mc.receiver)
        }
        _ => None,
    }
}

/// The place of the elements a `for` loop walks: `&self.slots`, `self.slots.iter()`,
/// `map.values()` give `self.slots[*]` (any one element, one per iteration).
pub fn iterated_elem_place(e: &syn::Expr) -> Option<Place> {
    let base = match e {
        syn::Expr::Reference(r) => &*r.expr,
        syn::Expr::Paren(p) => return iterated_elem_place(&p.expr),
        syn::Expr::MethodCall(mc)
            if mc.args.is_empty()
                && matches!(
                    mc.method.to_string().as_str(),
                    "iter" | "iter_mut" | "values" | "values_mut"
                ) =>
        {
            &*mc.receiver
        }
        // `for c in cells` over a slice reference or a collection
        syn::Expr::Path(_) | syn::Expr::Field(_) => e,
        _ => return None,
    };
    with_element(elem_place_of(base)?, "*".to_string(), Vec::new())
}

/// The key of an element step: the index as written (whitespace and a leading `&` dropped);
/// `None` for a range (a sub-slice, not an element).
fn element_key(e: &syn::Expr) -> Option<String> {
    let e = match e {
        syn::Expr::Reference(r) => &*r.expr,
        e => e,
    };
    if matches!(e, syn::Expr::Range(_)) {
        return None;
    }
    let text: String = quote::quote!(#e)
        .to_string()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if text.contains('(') || text.contains('!') {
        return Some(format!("#{}", super::span::expr_span(e).start));
    }
    Some(text)
}

/// An element key as a place writes it (`[id]`): the expression's text without whitespace
/// or a leading `&`.
pub fn key_text(e: &syn::Expr) -> String {
    element_key(e).unwrap_or_else(|| "*".to_string())
}

fn with_element(mut p: Place, key: String, mut suffix: Vec<String>) -> Option<Place> {
    p.text = p.text.trim_start_matches('&').to_string();
    p.fields.push(format!("[{key}]"));
    p.text.push_str(&format!("[{key}]"));
    suffix.reverse();
    for f in suffix {
        p.text.push('.');
        p.text.push_str(&f);
        p.fields.push(f);
    }
    Some(p)
}

/// The text of `span` in `text` (empty when out of range).
pub fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// The last path segment of a call's function (`std::thread::sleep` -> `sleep`).
pub fn call_name(c: &syn::ExprCall) -> Option<String> {
    match &*c.func {
        syn::Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

pub fn call_path(c: &syn::ExprCall) -> Vec<String> {
    match &*c.func {
        syn::Expr::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// Strip parentheses, groups and single-expression `unsafe { .. }` / `{ .. }` blocks.
pub fn peel_blocks(mut e: &syn::Expr) -> &syn::Expr {
    loop {
        match e {
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Group(g) => e = &g.expr,
            syn::Expr::Unsafe(u) if u.block.stmts.len() == 1 => match &u.block.stmts[0] {
                syn::Stmt::Expr(inner, None) => e = inner,
                _ => return e,
            },
            syn::Expr::Block(b) if b.block.stmts.len() == 1 && b.label.is_none() => {
                match &b.block.stmts[0] {
                    syn::Stmt::Expr(inner, None) => e = inner,
                    _ => return e,
                }
            }
            _ => return e,
        }
    }
}

/// A call whose value keeps its arguments (a guard passed by value stays held by it): a
/// type's `new` (`Timed::new(guard, "..")`, `Box::new(g)`), a tuple struct's or variant's
/// constructor (`Wrapper(g)`, `Some(g)`, `Ok(g)`).
pub fn keeps_args(segs: &[String]) -> bool {
    let upper = |s: &String| s.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    match segs {
        [one] => upper(one),
        [.., ty, last] => last == "new" && upper(ty),
        [] => false,
    }
}

/// No-op visits of the parts of a file that hold no code a fact collector looks at — types,
/// attributes, `use` items, generics — for the visitors that walk a whole file. A third of a
/// typical file's syntax nodes are there; collectors skip them.
macro_rules! skip_non_code {
    ($lt:lifetime) => {
        fn visit_type(&mut self, _: &$lt syn::Type) {}
        fn visit_attribute(&mut self, _: &$lt syn::Attribute) {}
        fn visit_item_use(&mut self, _: &$lt syn::ItemUse) {}
        fn visit_generics(&mut self, _: &$lt syn::Generics) {}
    };
}
pub(crate) use skip_non_code;

/// The method calls in `e` that `want` accepts, outermost first, not looking inside closures
/// (`map(|x| x.get(..))` calls on the closure's own value).
pub fn method_calls_outside_closures<'a>(
    e: &'a syn::Expr,
    want: &dyn Fn(&syn::ExprMethodCall) -> bool,
) -> Vec<&'a syn::ExprMethodCall> {
    struct V<'a, 'w> {
        want: &'w dyn Fn(&syn::ExprMethodCall) -> bool,
        out: Vec<&'a syn::ExprMethodCall>,
    }
    impl<'a> syn::visit::Visit<'a> for V<'a, '_> {
        fn visit_expr_method_call(&mut self, m: &'a syn::ExprMethodCall) {
            if (self.want)(m) {
                self.out.push(m);
            }
            syn::visit::visit_expr_method_call(self, m);
        }
        fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {}
    }
    let mut v = V {
        want,
        out: Vec::new(),
    };
    syn::visit::Visit::visit_expr(&mut v, e);
    v.out
}

/// The fallback of the innermost `unwrap_or(d)` / `unwrap_or_default()` in `e`: the span of
/// `d`, or `None` for `unwrap_or_default()`. `None` when there is neither.
pub fn unwrap_fallback(e: &syn::Expr) -> Option<Option<Span>> {
    struct V(Option<Option<Span>>);
    impl<'a> syn::visit::Visit<'a> for V {
        fn visit_expr_method_call(&mut self, m: &'a syn::ExprMethodCall) {
            match m.method.to_string().as_str() {
                "unwrap_or" if m.args.len() == 1 => {
                    self.0 = Some(Some(crate::model::span::span_of(&m.args[0])))
                }
                "unwrap_or_default" => self.0 = Some(None),
                _ => {}
            }
            syn::visit::visit_expr_method_call(self, m);
        }
    }
    let mut v = V(None);
    syn::visit::Visit::visit_expr(&mut v, e);
    v.0
}

/// Whether `e` or any expression inside it satisfies `pred`.
pub fn any_subexpr(e: &syn::Expr, pred: &dyn Fn(&syn::Expr) -> bool) -> bool {
    struct V<'p> {
        pred: &'p dyn Fn(&syn::Expr) -> bool,
        found: bool,
    }
    impl<'a> syn::visit::Visit<'a> for V<'_> {
        fn visit_expr(&mut self, e: &'a syn::Expr) {
            if self.found || (self.pred)(e) {
                self.found = true;
                return;
            }
            syn::visit::visit_expr(self, e);
        }
    }
    let mut v = V { pred, found: false };
    syn::visit::Visit::visit_expr(&mut v, e);
    v.found
}

/// Whether `e` reads a field of one of the locals `names` (`post.likes + 1`).
pub fn reads_field_of(e: &syn::Expr, names: &[String]) -> bool {
    any_subexpr(e, &|x| {
        matches!(x, syn::Expr::Field(f)
            if matches!(&*f.base, syn::Expr::Path(p)
                if p.path.segments.len() == 1
                    && names.iter().any(|n| p.path.segments[0].ident == n)))
    })
}

/// Parentheses and invisible groups: `((x))` -> `x`.
pub fn peel_parens(mut e: &syn::Expr) -> &syn::Expr {
    loop {
        match e {
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Group(g) => e = &g.expr,
            // `unsafe { FLAG }`: only a permission, the value is the inner expression's
            syn::Expr::Unsafe(u)
                if let [syn::Stmt::Expr(inner, None)] = u.block.stmts.as_slice() =>
            {
                e = inner
            }
            _ => return e,
        }
    }
}

/// Strip references, derefs, parentheses and groups, casts when `casts`, and the calls of the
/// argument-less `methods`: the one loop behind [`peel_refs`], [`peel_value`] and the key
/// comparison of check-then-act.
pub fn peel_with<'e>(mut e: &'e syn::Expr, casts: bool, methods: &[&str]) -> &'e syn::Expr {
    loop {
        match e {
            syn::Expr::Reference(r) => e = &r.expr,
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Group(g) => e = &g.expr,
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => e = &u.expr,
            syn::Expr::Cast(c) if casts => e = &c.expr,
            syn::Expr::MethodCall(mc)
                if mc.args.is_empty() && methods.iter().any(|m| mc.method == m) =>
            {
                e = &mc.receiver
            }
            _ => return e,
        }
    }
}

/// `&x`, `&mut x`, `*x`, `(x)`, `x.deref()`, `x.borrow()` -> `x`.
pub fn peel_refs(e: &syn::Expr) -> &syn::Expr {
    peel_with(
        e,
        false,
        &[
            "deref",
            "deref_mut",
            "borrow",
            "borrow_mut",
            "as_mut",
            "as_ref",
        ],
    )
}

/// Strip what does not change which object or value an expression denotes (references,
/// derefs, casts, `clone()`, `to_string()`, `as_str()`, `into()`, ...): the store facts
/// compare values with it.
pub fn peel_value(e: &syn::Expr) -> &syn::Expr {
    peel_with(
        e,
        true,
        &[
            "clone",
            "as_ref",
            "as_mut",
            "as_str",
            "as_deref",
            "to_string",
            "to_owned",
            "borrow",
            "deref",
            "as_slice",
            "into",
        ],
    )
}

/// Methods that unwrap or re-wrap a call's result without changing which value it is:
/// `x.unwrap()`, `x.ok_or(..)?`, `x.context(..)?`.
const RESULT_PEELS: &[&str] = &[
    "unwrap",
    "expect",
    "unwrap_or",
    "unwrap_or_default",
    "unwrap_or_else",
    "map_err",
    "context",
    "with_context",
    "ok_or",
    "ok_or_else",
    "wrap_err",
    "ok",
    "into_inner",
];

/// Whether `e` is the answer of an awaited call: `send(current).await`,
/// `client.refresh(&token).await?`, `room.messages(opts).await.unwrap()` (through `?`,
/// [`RESULT_PEELS`] and parentheses). A value written back from it is what another party
/// answered, not a copy computed from what was read.
pub fn awaited_answer(mut e: &syn::Expr) -> bool {
    loop {
        match e {
            syn::Expr::Await(a) => {
                return matches!(&*a.base, syn::Expr::Call(_) | syn::Expr::MethodCall(_));
            }
            syn::Expr::Try(t) => e = &t.expr,
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Group(g) => e = &g.expr,
            syn::Expr::MethodCall(mc) if RESULT_PEELS.contains(&mc.method.to_string().as_str()) => {
                e = &mc.receiver
            }
            _ => return false,
        }
    }
}

/// Whether `e` is the answer of an awaited call ([`awaited_answer`]) to which the read at
/// `read` is only lent, as one of the call's arguments: `send(&*auth.read().await, body).await?`,
/// `client.post(&*token.lock().unwrap()).await`. The value is what the other party (a server, a
/// peer) answered, not a value computed from the read; a read that is the call's receiver
/// (`state.read().await.advance().await`) or its callee is not lent, its method computes from it.
pub fn answer_to_lent_read(e: &syn::Expr, read: crate::diagnostic::Span) -> bool {
    use crate::model::span::span_of;
    if !awaited_answer(e) {
        return false;
    }
    let args = match peel_result(e) {
        syn::Expr::Call(c) if !span_of(&*c.func).encloses(read) => &c.args,
        syn::Expr::MethodCall(m) if !span_of(&*m.receiver).encloses(read) => &m.args,
        _ => return false,
    };
    args.iter().any(|a| span_of(a).encloses(read))
}

/// Methods that borrow their receiver without computing a new value from it
/// (`token.as_str()`, `addr.as_ref()`).
const BORROWS: &[&str] = &[
    "as_str", "as_ref", "as_deref", "as_slice", "as_bytes", "as_path", "borrow",
];

/// The place `arg` lends, when the argument is a shared borrow of a place and nothing else:
/// `&x`, `&*x`, `&x.f`, `x.as_str()`, `&*state.auth.read().await` (the borrowed expression).
/// A `&mut` borrow is not lent only: the callee may write the place.
fn lent_place(arg: &syn::Expr) -> Option<&syn::Expr> {
    match arg {
        syn::Expr::Reference(r) if r.mutability.is_none() => {
            place_like(&r.expr).then_some(&*r.expr)
        }
        syn::Expr::MethodCall(m)
            if m.args.is_empty() && BORROWS.contains(&m.method.to_string().as_str()) =>
        {
            place_like(&m.receiver).then_some(&*m.receiver)
        }
        syn::Expr::Paren(p) => lent_place(&p.expr),
        _ => None,
    }
}

/// A place or a guard's view of one: paths, fields, derefs, `.await`, `?` and calls without
/// arguments (`lock()`, `read()`, `unwrap()`), nothing computed.
fn place_like(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Path(p) => p.qself.is_none(),
        syn::Expr::Field(f) => place_like(&f.base),
        syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => place_like(&u.expr),
        syn::Expr::Paren(p) => place_like(&p.expr),
        syn::Expr::Await(a) => place_like(&a.base),
        syn::Expr::Try(t) => place_like(&t.expr),
        syn::Expr::MethodCall(m) => m.args.is_empty() && place_like(&m.receiver),
        _ => false,
    }
}

/// The parts of an awaited call's expression (`send(&cur, body).await?.ok_or(e)?`) that give
/// values to it or combine values with its answer: the callee or receiver, every argument but
/// the lent ones ([`lent_place`]), and the arguments of the result peels. With the lent
/// arguments apart.
fn answer_parts(e: &syn::Expr) -> Option<(Vec<&syn::Expr>, Vec<&syn::Expr>)> {
    if !awaited_answer(e) {
        return None;
    }
    let mut given: Vec<&syn::Expr> = Vec::new();
    let mut lent: Vec<&syn::Expr> = Vec::new();
    let mut cur = e;
    loop {
        match cur {
            syn::Expr::Try(t) => cur = &t.expr,
            syn::Expr::Await(a) => cur = &a.base,
            syn::Expr::Paren(p) => cur = &p.expr,
            syn::Expr::Group(g) => cur = &g.expr,
            syn::Expr::MethodCall(mc) if RESULT_PEELS.contains(&mc.method.to_string().as_str()) => {
                given.extend(mc.args.iter());
                cur = &mc.receiver;
            }
            _ => break,
        }
    }
    let args = match cur {
        syn::Expr::Call(c) => {
            given.push(&c.func);
            &c.args
        }
        syn::Expr::MethodCall(m) => {
            given.push(&m.receiver);
            &m.args
        }
        _ => return None,
    };
    for a in args {
        match lent_place(a) {
            Some(_) => lent.push(a),
            None => given.push(a),
        }
    }
    Some((given, lent))
}

/// The locals an awaited call ([`awaited_answer`]) is only lent: each appears in the call only
/// inside shared borrows of a place passed as arguments (`check(&current, ..).await?`,
/// `send(token.as_str()).await`), never in the callee, the receiver, an argument given by value
/// or a peel's argument. The answer is the other party's value; a borrowed credential, an
/// address compared with the reply, is not handed over to be returned. (A value given by value,
/// `fetch(since.into()).await`, may come back in the answer: a cursor, a version.)
pub fn lent_to_answer(e: &syn::Expr) -> Vec<String> {
    let Some((given, lent)) = answer_parts(e) else {
        return Vec::new();
    };
    let given: Vec<String> = given.into_iter().flat_map(idents_in).collect();
    let mut out: Vec<String> = Vec::new();
    for a in lent {
        for n in idents_in(a) {
            if !given.contains(&n) && !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// Single-segment path identifiers used in an expression (closures' own parameters are not
/// excluded: the data flow is an over-approximation).
pub fn idents_in(e: &syn::Expr) -> Vec<String> {
    struct V(Vec<String>);
    impl<'ast> syn::visit::Visit<'ast> for V {
        fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
            if p.path.segments.len() == 1 && p.qself.is_none() {
                let s = p.path.segments[0].ident.to_string();
                if !self.0.contains(&s) {
                    self.0.push(s);
                }
            }
        }
        fn visit_macro(&mut self, m: &'ast syn::Macro) {
            // format!("{x}", y): take identifiers from the tokens
            for t in m.tokens.clone() {
                if let proc_macro2::TokenTree::Ident(i) = t {
                    let s = i.to_string();
                    if !self.0.contains(&s) {
                        self.0.push(s);
                    }
                }
            }
        }
    }
    let mut v = V(Vec::new());
    syn::visit::Visit::visit_expr(&mut v, e);
    v.0
}

/// Whether the read at `read` is only lent to the awaited call `e` answers
/// ([`answer_to_lent_read`]) as a shared borrow of a place (`send(&*auth.read().await).await?`,
/// `exchange(token.lock().await.as_str()).await`), not given by value (`.clone()`, `.into()`)
/// nor combined into an argument.
pub fn lends_read(e: &syn::Expr, read: crate::diagnostic::Span) -> bool {
    use crate::model::span::span_of;
    let Some((given, lent)) = answer_parts(e) else {
        return false;
    };
    lent.iter().any(|a| span_of(*a).encloses(read))
        && !given.iter().any(|g| span_of(*g).encloses(read))
}

/// `x.await?`, `x.unwrap()`, `x?`, `x.ok_or(..)?`: the expression producing the value.
/// (A lock guard never comes out of `unwrap_or` / `ok_or`: see [`peel_guard_suffix`].)
pub fn peel_result(mut e: &syn::Expr) -> &syn::Expr {
    loop {
        match e {
            syn::Expr::Try(t) => e = &t.expr,
            syn::Expr::Await(a) => e = &a.base,
            syn::Expr::Paren(p) => e = &p.expr,
            syn::Expr::Group(g) => e = &g.expr,
            syn::Expr::MethodCall(mc) if RESULT_PEELS.contains(&mc.method.to_string().as_str()) => {
                e = &mc.receiver
            }
            _ => return e,
        }
    }
}

/// The operator of a compound assignment (`+=` -> `+`).
pub fn compound_op(op: &syn::BinOp) -> Option<&'static str> {
    use syn::BinOp::*;
    Some(match op {
        AddAssign(_) => "+",
        SubAssign(_) => "-",
        MulAssign(_) => "*",
        DivAssign(_) => "/",
        RemAssign(_) => "%",
        BitXorAssign(_) => "^",
        BitAndAssign(_) => "&",
        BitOrAssign(_) => "|",
        ShlAssign(_) => "<<",
        ShrAssign(_) => ">>",
        _ => return None,
    })
}

/// The operator of a plain binary expression (`a + b` -> `+`).
pub fn plain_op(op: &syn::BinOp) -> Option<&'static str> {
    use syn::BinOp::*;
    Some(match op {
        Add(_) => "+",
        Sub(_) => "-",
        Mul(_) => "*",
        Div(_) => "/",
        Rem(_) => "%",
        BitXor(_) => "^",
        BitAnd(_) => "&",
        BitOr(_) => "|",
        Shl(_) => "<<",
        Shr(_) => ">>",
        _ => return None,
    })
}

/// What an atomic method does: the one list of atomic operations every rule asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtomicKind {
    Load,
    Store,
    Swap,
    /// `fetch_add`, `fetch_sub`, `fetch_and`, `fetch_nand`, `fetch_or`, `fetch_xor`,
    /// `fetch_max`, `fetch_min`: one read-modify-write that returns the previous value.
    Fetch,
    /// `fetch_update`: a compare-exchange loop around a closure.
    Update,
    /// `compare_exchange`, `compare_exchange_weak`, `compare_and_swap`.
    CompareExchange,
}

impl AtomicKind {
    /// The operation an atomic method of this name performs, if it is one.
    pub fn of(method: &str) -> Option<AtomicKind> {
        Some(match method {
            "load" => AtomicKind::Load,
            "store" => AtomicKind::Store,
            "swap" => AtomicKind::Swap,
            "fetch_add" | "fetch_sub" | "fetch_and" | "fetch_nand" | "fetch_or" | "fetch_xor"
            | "fetch_max" | "fetch_min" => AtomicKind::Fetch,
            "fetch_update" => AtomicKind::Update,
            "compare_exchange" | "compare_exchange_weak" | "compare_and_swap" => {
                AtomicKind::CompareExchange
            }
            _ => return None,
        })
    }
    /// Whether the method writes (every operation but a load).
    pub fn writes(method: &str) -> bool {
        AtomicKind::of(method).is_some_and(|o| o != AtomicKind::Load)
    }
    /// Whether the method is a `fetch_*` read-modify-write returning the previous value.
    pub fn is_fetch(method: &str) -> bool {
        AtomicKind::of(method) == Some(AtomicKind::Fetch)
    }
}

const ORDERINGS: &[&str] = &["Relaxed", "Acquire", "Release", "AcqRel", "SeqCst"];

/// The orderings named in a call's arguments.
pub fn orderings_in(args: &syn::punctuated::Punctuated<syn::Expr, syn::Token![,]>) -> Vec<String> {
    let mut out = Vec::new();
    for a in args {
        if let syn::Expr::Path(p) = a
            && let Some(last) = p.path.segments.last()
        {
            let s = last.ident.to_string();
            if ORDERINGS.contains(&s.as_str()) {
                out.push(s);
            }
        }
    }
    out
}

pub fn path_segments(e: &syn::Expr) -> Option<Vec<String>> {
    match e {
        syn::Expr::Path(p) => Some(
            p.path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect(),
        ),
        _ => None,
    }
}

/// The column a modification changes: the last segment of an assigned place (`post.likes`
/// -> `likes`); for a record rebuilt as a struct literal, its one field computed from the same
/// field of the record read (`Keys { id: k.id, nonce: k.nonce + 1 }`, SeaORM's
/// `entry_count: Set(found.entry_count + 1)` -> `nonce`, `entry_count`), else its one field
/// that is not copied, else `<column>`.
pub fn changed_field(what: &str) -> String {
    let plain = |t: &str| {
        !t.is_empty()
            && t.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
    };
    if plain(what) {
        return what.rsplit('.').next().unwrap_or(what).to_string();
    }
    let Some(r) = rebuilt_fields(what, &[]) else {
        return "<column>".into();
    };
    match (r.derived.as_slice(), r.changed.as_slice()) {
        ([one], _) | ([], [one]) => one.clone(),
        _ => "<column>".into(),
    }
}

/// The fields of a record rebuilt as a struct literal, each list in order.
#[derive(Debug, Default, PartialEq)]
pub struct Rebuilt {
    /// Computed from the same field of the record read (`nonce: k.nonce + 1`).
    pub derived: Vec<String>,
    /// Not copied: computed, or new values.
    pub changed: Vec<String>,
    /// Copied unchanged from the record read (`nonces: k.nonces`).
    pub copied: Vec<String>,
}

/// How a record rebuilt as a struct literal (`what`, its text) is made from the record read,
/// bound to one of `read` (empty: any record). `None` for text that is no struct literal.
pub fn rebuilt_fields(what: &str, read: &[String]) -> Option<Rebuilt> {
    let Ok(syn::Expr::Struct(lit)) = syn::parse_str::<syn::Expr>(what) else {
        return None;
    };
    // `Set(v)`, `ActiveValue::Set(v)`, `Unchanged(v)`: the value itself
    fn peel(e: &syn::Expr) -> &syn::Expr {
        match e {
            syn::Expr::Call(c) if c.args.len() == 1 => peel(&c.args[0]),
            syn::Expr::Paren(p) => peel(&p.expr),
            e => e,
        }
    }
    // `rec.name` with `rec` the record read
    let of_read = |x: &syn::ExprField, name: &str| {
        member_name(&x.member) == name
            && (read.is_empty()
                || matches!(&*x.base, syn::Expr::Path(p)
                    if p.path.segments.len() == 1
                        && read.iter().any(|r| p.path.segments[0].ident == r)))
    };
    let mut out = Rebuilt::default();
    for f in &lit.fields {
        let name = member_name(&f.member);
        let value = peel(&f.expr);
        if matches!(value, syn::Expr::Field(e) if of_read(e, &name)) {
            out.copied.push(name);
            continue;
        }
        if any_subexpr(
            value,
            &|e| matches!(e, syn::Expr::Field(x) if of_read(x, &name)),
        ) {
            out.derived.push(name.clone());
        }
        out.changed.push(name);
    }
    Some(out)
}

/// A condition that only compares values already at hand (locals, fields, literals): no call,
/// method call, macro or `.await` (`max > 0`, `!self.closed`, `n == LIMIT`).
pub fn is_plain_condition(e: &syn::Expr) -> bool {
    struct V(bool);
    impl<'a> syn::visit::Visit<'a> for V {
        fn visit_expr_call(&mut self, _: &'a syn::ExprCall) {
            self.0 = false;
        }
        fn visit_expr_method_call(&mut self, _: &'a syn::ExprMethodCall) {
            self.0 = false;
        }
        fn visit_expr_macro(&mut self, _: &'a syn::ExprMacro) {
            self.0 = false;
        }
        fn visit_expr_await(&mut self, _: &'a syn::ExprAwait) {
            self.0 = false;
        }
        fn visit_expr_closure(&mut self, _: &'a syn::ExprClosure) {
            self.0 = false;
        }
        fn visit_expr_block(&mut self, _: &'a syn::ExprBlock) {
            self.0 = false;
        }
    }
    let mut v = V(true);
    syn::visit::Visit::visit_expr(&mut v, e);
    v.0
}

/// The expressions among the comma-separated pieces of a macro's arguments (also split at
/// `;` and `=>`), for macros whose grammar is not known: a leading `name:` or `name =` (a
/// key) and a `%` / `?` sigil (tracing's formatting hints) are dropped; a piece that is no
/// expression is skipped.
pub fn macro_expr_pieces(tokens: &proc_macro2::TokenStream) -> Vec<syn::Expr> {
    use proc_macro2::{TokenStream, TokenTree};
    let mut pieces: Vec<Vec<TokenTree>> = vec![Vec::new()];
    let mut prev_eq = false;
    for t in tokens.clone() {
        let split = match &t {
            TokenTree::Punct(p) => {
                let c = p.as_char();
                let arrow = c == '>' && prev_eq;
                if arrow {
                    // `=>`: drop the `=` already pushed
                    pieces.last_mut().unwrap().pop();
                }
                prev_eq = c == '=' && p.spacing() == proc_macro2::Spacing::Joint;
                c == ',' || c == ';' || arrow
            }
            _ => {
                prev_eq = false;
                false
            }
        };
        if split {
            pieces.push(Vec::new());
        } else {
            pieces.last_mut().unwrap().push(t);
        }
    }
    let mut out = Vec::new();
    for mut p in pieces {
        if p.is_empty() {
            continue;
        }
        // `key: value`, `key = value` (not `::`, `==`)
        if p.len() > 2
            && matches!(&p[0], TokenTree::Ident(_))
            && let TokenTree::Punct(q) = &p[1]
            && (q.as_char() == ':' || q.as_char() == '=')
            && q.spacing() == proc_macro2::Spacing::Alone
        {
            p.drain(..2);
        }
        if let Some(TokenTree::Punct(q)) = p.first()
            && matches!(q.as_char(), '%' | '?')
        {
            p.remove(0);
        }
        let ts: TokenStream = p.into_iter().collect();
        if let Ok(e) = syn::parse2::<syn::Expr>(ts) {
            out.push(e);
        }
    }
    out
}

/// `+=`, `-=`, `*=`, ... (compound assignment).
pub fn is_compound_assign(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_)
            | SubAssign(_)
            | MulAssign(_)
            | DivAssign(_)
            | RemAssign(_)
            | BitXorAssign(_)
            | BitAndAssign(_)
            | BitOrAssign(_)
            | ShlAssign(_)
            | ShrAssign(_)
    )
}

/// A call that creates two connected ends at once (`mpsc::channel()`, `broadcast::channel(n)`,
/// `oneshot::channel()`, `watch::channel(v)`, crossbeam / flume `unbounded()` / `bounded(n)`,
/// `UnixStream::pair()`, `tokio::io::duplex(n)`): what is sent into one end is seen only at
/// the other, so two such pairs are not interchangeable values.
pub fn creates_connected_ends(e: &syn::Expr) -> bool {
    let e = peel_result(e);
    let name = match e {
        syn::Expr::Call(c) => call_name(c),
        syn::Expr::MethodCall(mc) if mc.args.is_empty() => Some(mc.method.to_string()),
        _ => None,
    };
    name.is_some_and(|n| {
        matches!(
            n.as_str(),
            "channel"
                | "sync_channel"
                | "unbounded"
                | "bounded"
                | "unbounded_channel"
                | "pair"
                | "duplex"
        ) || n.ends_with("_channel")
    })
}

/// The method calls of an expression, outermost first (closures' bodies included): for a
/// rule that asks what an expression reads (`w.get(&k)` inside `w.get(&k).and_then(..)`).
pub fn method_calls_in(e: &syn::Expr) -> Vec<&syn::ExprMethodCall> {
    struct V<'a>(Vec<&'a syn::ExprMethodCall>);
    impl<'a> syn::visit::Visit<'a> for V<'a> {
        fn visit_expr_method_call(&mut self, mc: &'a syn::ExprMethodCall) {
            self.0.push(mc);
            syn::visit::visit_expr_method_call(self, mc);
        }
    }
    let mut v = V(Vec::new());
    syn::visit::Visit::visit_expr(&mut v, e);
    v.0
}

/// Whether `between` (the text from the end of one statement to the start of another) is a
/// run of whole statements of the same block: it parses as a block's contents, so every brace
/// it opens it closes (an `if`/`else` or a `match` computing the new value), and no line holds
/// an odd number of quotes (a string literal over several lines, whose text re-indenting the
/// lines would change).
pub fn is_statement_run(between: &str) -> bool {
    let quotes_even = between.lines().all(|l| {
        l.replace("\\\\", "")
            .replace("\\\"", "")
            .replace("'\"'", "")
            .matches('"')
            .count()
            % 2
            == 0
    });
    quotes_even && syn::parse_str::<syn::Block>(&format!("{{{between}\n}}")).is_ok()
}

/// `|r| *r`, `|r| r.clone()`, `|&v| v`, `|r| r.value().clone()`: a closure that gives back
/// what it is passed, copied or cloned; with `fields`, also a field of it (`|e| e.rev`,
/// `|e| e.state.clone()`, `|e| &e.name`), the parameter then a plain name.
pub fn copies_param(c: &syn::ExprClosure, fields: bool) -> bool {
    let mut body = &*c.body;
    loop {
        match body {
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => body = &u.expr,
            syn::Expr::Paren(p) => body = &p.expr,
            syn::Expr::Reference(r) if fields => body = &r.expr,
            syn::Expr::Field(f) if fields => body = &f.base,
            syn::Expr::MethodCall(m)
                if m.args.is_empty()
                    && matches!(
                        m.method.to_string().as_str(),
                        "clone" | "to_owned" | "value" | "deref" | "copied" | "cloned"
                    ) =>
            {
                body = &m.receiver
            }
            syn::Expr::Path(p) => return !fields || p.path.get_ident().is_some(),
            _ => return false,
        }
    }
}

/// The local whose value `e` copies: `x.clone()`, `x.field`, `&x.a.b`, `x.to_owned()`,
/// `x.name.clone()` -> `x`. A value computed from the local (`x.len() + 1`, `f(x)`) is none.
pub fn copied_local(e: &syn::Expr) -> Option<String> {
    let mut cur = e;
    loop {
        match cur {
            syn::Expr::Unary(u) if matches!(u.op, syn::UnOp::Deref(_)) => cur = &u.expr,
            syn::Expr::Paren(p) => cur = &p.expr,
            syn::Expr::Reference(r) => cur = &r.expr,
            syn::Expr::Field(f) => cur = &f.base,
            syn::Expr::MethodCall(m)
                if m.args.is_empty()
                    && matches!(
                        m.method.to_string().as_str(),
                        "clone" | "to_owned" | "to_string" | "copied" | "cloned"
                    ) =>
            {
                cur = &m.receiver
            }
            syn::Expr::Path(p) => return p.path.get_ident().map(|i| i.to_string()),
            _ => return None,
        }
    }
}

/// The locals of `fm` bound in `between` to a copy of one of `names` ([`copied_local`]):
/// `let code = stored.clone();`, `let uid = stored.user_id;`. `text` slices the source.
pub fn copies_of(
    fm: &super::FnModel,
    names: &[String],
    between: Span,
    text: &dyn Fn(Span) -> String,
) -> Vec<String> {
    let mut out = Vec::new();
    for b in &fm.bindings {
        let [name] = b.names.as_slice() else {
            continue;
        };
        let Some(init) = b.init else { continue };
        if b.scope_end.is_some()
            || !between.encloses(b.span)
            || !b.deps.iter().any(|d| names.contains(d))
            || names.contains(name)
            || out.contains(name)
        {
            continue;
        }
        if let Ok(e) = syn::parse_str::<syn::Expr>(&text(init))
            && copied_local(&e).is_some_and(|l| names.contains(&l))
        {
            out.push(name.clone());
        }
    }
    out
}

/// The type arguments of a path segment (`Arc<Mutex<T>>`: `[Mutex<T>]`), lifetimes and
/// constants left out; none where it has no angle brackets.
pub fn type_args(seg: &syn::PathSegment) -> Vec<&syn::Type> {
    match &seg.arguments {
        syn::PathArguments::AngleBracketed(a) => angle_type_args(a),
        _ => Vec::new(),
    }
}

/// The type arguments of `<..>` ([`type_args`]).
pub fn angle_type_args(a: &syn::AngleBracketedGenericArguments) -> Vec<&syn::Type> {
    a.args
        .iter()
        .filter_map(|g| match g {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod changed_field_tests {
    use super::changed_field;

    #[test]
    fn changed_field_names_the_column_not_the_text_after_a_dot() {
        assert_eq!(changed_field("post.likes"), "likes");
        assert_eq!(
            changed_field("Keys{id:k.id,nonces:k.nonces,nonce:k.nonce+1,key}"),
            "nonce"
        );
        assert_eq!(
            changed_field(
                "content::ActiveModel{id:Set(found.id),hash:Set(hash),entry_count:Set(found.entry_count+1),}"
            ),
            "entry_count"
        );
        assert_eq!(changed_field("Keys{id:k.id,key}"), "key");
        assert_eq!(changed_field("Keys{id:k.id,a:x,b:y}"), "<column>");
    }
}
