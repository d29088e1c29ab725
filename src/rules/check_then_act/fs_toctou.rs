//! `fs-toctou`: a filesystem path is checked (`exists()`, `is_file()`, `metadata()`, ...) and
//! then acted on (created, written, removed, opened): another process can change the path in
//! between.

use super::*;
use crate::diagnostic::Applicability;
use crate::model::syntax::peel_result;
use crate::rules::declare_rule;

declare_rule! {
    pub static FS_TOCTOU = {
        id: "fs-toctou",
        category: CHECK_THEN_ACT,
        severity: Warning,
        summary: "a filesystem path is checked and then acted on: the file can change in between",
    }
}

struct FsCheck<'a> {
    path: &'a syn::Expr,
    /// What the check tells: `exists` (exists / try_exists / metadata), `file`, `dir`, `symlink`.
    what: &'static str,
    span: Span,
    /// The condition holds when the path exists.
    present: bool,
}

/// The filesystem crate of a call path: `fs::write` / `std::fs::write` / `tokio::fs::write` /
/// a `use`d `write` from an `fs` module; `File::create` / `OpenOptions`. Returns (crate
/// prefix for the rewrite, function name, owner `fs` / `File`).
fn fs_fn(a: &An, segs: &[String]) -> Option<(String, String, &'static str)> {
    let last = segs.last()?.clone();
    let uses = &a.model.index.uses;
    let full: Vec<String> = match segs.first().and_then(|f| uses.get(f)) {
        Some(u) => u
            .split("::")
            .map(str::to_string)
            .chain(segs[1..].iter().cloned())
            .collect(),
        None => segs.to_vec(),
    };
    let n = full.len();
    if n < 2 {
        return None;
    }
    let owner = full[n - 2].as_str();
    let krate = match full[0].as_str() {
        "tokio" => "tokio::fs::",
        "async_std" => "async_std::fs::",
        "fs_err" => "fs_err::",
        _ => "std::fs::",
    };
    match owner {
        "fs" => Some((krate.to_string(), last, "fs")),
        "File" if n == 2 || full[n - 3] == "fs" => Some((krate.to_string(), last, "File")),
        "unix" | "windows" if full.iter().any(|s| s == "fs") => {
            Some((krate.to_string(), last, "fs"))
        }
        _ => None,
    }
}

/// `fs::metadata(p)` / `p.metadata()` / `tokio::fs::try_exists(p)` / `p.try_exists()`: the path.
fn stat_call<'a>(a: &An, e: &'a syn::Expr) -> Option<(&'a syn::Expr, &'static str)> {
    match peel_result(e) {
        syn::Expr::Call(c) if c.args.len() == 1 => {
            let segs = path_segs(&c.func);
            let (_, name, owner) = fs_fn(a, &segs)?;
            if owner != "fs" {
                return None;
            }
            match name.as_str() {
                "metadata" | "symlink_metadata" => Some((&c.args[0], "metadata")),
                "try_exists" | "exists" => Some((&c.args[0], "exists")),
                _ => None,
            }
        }
        syn::Expr::MethodCall(mc) if mc.args.is_empty() => match mc.method.to_string().as_str() {
            "metadata" | "symlink_metadata" => Some((&mc.receiver, "metadata")),
            "try_exists" => Some((&mc.receiver, "exists")),
            _ => None,
        },
        _ => None,
    }
}

fn fs_check<'a>(a: &An<'a>, e: &'a syn::Expr, pol: bool, depth: usize) -> Option<FsCheck<'a>> {
    let e = strip(e);
    if let syn::Expr::Unary(u) = e
        && matches!(u.op, syn::UnOp::Not(_))
    {
        return fs_check(a, &u.expr, !pol, depth);
    }
    // `p.exists()`, `p.is_file()`, `p.is_dir()`, `p.is_symlink()`
    if let syn::Expr::MethodCall(mc) = e
        && mc.args.is_empty()
        && matches!(
            mc.method.to_string().as_str(),
            "exists" | "is_file" | "is_dir" | "is_symlink"
        )
    {
        return Some(FsCheck {
            path: &mc.receiver,
            what: match mc.method.to_string().as_str() {
                "is_file" => "file",
                "is_dir" => "dir",
                "is_symlink" => "symlink",
                _ => "exists",
            },
            span: span_of(e),
            present: pol,
        });
    }
    // `fs::metadata(p).is_ok()`
    if let syn::Expr::MethodCall(mc) = e
        && mc.args.is_empty()
        && (mc.method == "is_ok" || mc.method == "is_err")
        && let Some((path, _)) = stat_call(a, &mc.receiver)
    {
        return Some(FsCheck {
            path,
            what: "exists",
            span: span_of(e),
            present: pol ^ (mc.method == "is_err"),
        });
    }
    // `fs::try_exists(p).await?`, `p.try_exists()?`, `fs::metadata(p).await.map(|m| m.is_file())?`
    if let Some((path, "exists")) = stat_call(a, e) {
        return Some(FsCheck {
            path,
            what: "exists",
            span: span_of(e),
            present: pol,
        });
    }
    if let syn::Expr::Let(l) = e
        && let Some((variant, scrut)) = let_variant(l)
        && let Some((path, "metadata")) = stat_call(a, scrut)
    {
        let present = match variant {
            "Ok" => true,
            "Err" => false,
            _ => return None,
        };
        return Some(FsCheck {
            path,
            what: "exists",
            span: span_of(&*l.expr),
            present: present == pol,
        });
    }
    // `if let Ok(true) = p.try_exists()`, `if let Ok(false) = fs::try_exists(p).await`: the
    // existence answer inside the `Result` (an error says nothing either way)
    if let syn::Expr::Let(l) = e
        && let syn::Pat::TupleStruct(ts) = &*l.pat
        && ts.path.segments.last().is_some_and(|s| s.ident == "Ok")
        && let [syn::Pat::Lit(lit)] = ts.elems.iter().collect::<Vec<_>>().as_slice()
        && let syn::Lit::Bool(b) = &lit.lit
        && let Some((path, "exists")) = stat_call(a, &l.expr)
    {
        return Some(FsCheck {
            path,
            what: "exists",
            span: span_of(&*l.expr),
            present: b.value == pol,
        });
    }
    if depth == 0 && matches!(e, syn::Expr::Path(_)) {
        return fs_check(a, a.let_init(e)?, pol, depth + 1);
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ActKind {
    /// `File::create`, `fs::write`: truncates / overwrites what appeared in between.
    Create,
    /// `fs::create_dir`: fails with `AlreadyExists`.
    CreateDir,
    /// `fs::rename` / `fs::copy` / `hard_link` / `symlink` onto the path.
    Onto,
    /// `fs::remove_file` / `remove_dir(_all)`: fails with `NotFound`.
    Remove,
}

struct Act<'a> {
    kind: ActKind,
    call: Span,
    /// The callee as written (`File::create`, `fs::write`).
    callee: String,
    krate: String,
    name: String,
    args: Vec<&'a syn::Expr>,
}

fn act_of<'a>(a: &An, e: &'a syn::Expr, path_key: &str) -> Option<Act<'a>> {
    let matches = |x: &syn::Expr| key_text(a, x) == path_key;
    match e {
        syn::Expr::Call(c) => {
            let segs = path_segs(&c.func);
            let (krate, name, owner) = fs_fn(a, &segs)?;
            let args: Vec<&syn::Expr> = c.args.iter().collect();
            let first = args.first().is_some_and(|x| matches(x));
            let second = args.get(1).is_some_and(|x| matches(x));
            let kind = match (owner, name.as_str()) {
                ("File", "create") if first => ActKind::Create,
                ("fs", "write") if first => ActKind::Create,
                ("fs", "create_dir") if first => ActKind::CreateDir,
                (
                    "fs",
                    "rename" | "copy" | "hard_link" | "symlink" | "symlink_file" | "symlink_dir",
                ) if second => ActKind::Onto,
                ("fs", "rename") if first => ActKind::Remove,
                ("fs", "remove_file" | "remove_dir" | "remove_dir_all") if first => ActKind::Remove,
                _ => return None,
            };
            Some(Act {
                kind,
                call: span_of(e),
                callee: a.text_of(&*c.func).to_string(),
                krate,
                name,
                args,
            })
        }
        syn::Expr::MethodCall(mc)
            if mc.method == "open" && mc.args.len() == 1 && matches(&mc.args[0]) =>
        {
            // an `OpenOptions` chain
            let chain = a.text_of(&*mc.receiver);
            if !chain.contains("OpenOptions") && !chain.contains("options()") {
                return None;
            }
            let c: String = chain.chars().filter(|c| !c.is_whitespace()).collect();
            if c.contains("create_new(true)") {
                return None;
            }
            if !c.contains("create(true)") {
                return None;
            }
            let kind = ActKind::Create;
            Some(Act {
                kind,
                call: span_of(e),
                callee: "OpenOptions::open".into(),
                krate: if chain.contains("tokio") {
                    "tokio::fs::".into()
                } else {
                    "std::fs::".into()
                },
                name: "open".into(),
                args: vec![&mc.args[0]],
            })
        }
        _ => None,
    }
}

pub(super) fn check(a: &An, out: &mut Vec<Candidate>) {
    let mut done: HashSet<Span> = HashSet::new();
    for site in &a.sites {
        let Site::If { e, rest, .. } = site else {
            continue;
        };
        let (conj, single) = conjuncts(&e.cond);
        for (c, pol) in conj {
            let Some(chk) = fs_check(a, c, pol, 0) else {
                continue;
            };
            let key = key_text(a, chk.path);
            if key.is_empty() {
                continue;
            }
            let mut acts: Vec<(Act, String)> = Vec::new();
            let regions = if_regions(e, rest, chk.present, single);
            // `if p.is_dir() { remove_dir_all(p) } else { remove_file(p) }`: the check only
            // picks how to remove, the removal happens either way
            let removes = |r: &Region| {
                r.exprs()
                    .iter()
                    .any(|x| act_of(a, x, &key).is_some_and(|act| act.kind == ActKind::Remove))
            };
            if regions.iter().any(|r| r.holds && removes(r))
                && regions.iter().any(|r| !r.holds && removes(r))
            {
                continue;
            }
            for r in regions {
                for x in r.exprs() {
                    let Some(act) = act_of(a, x, &key) else {
                        continue;
                    };
                    // a failed `is_dir()` says nothing about a file of that name, and so on
                    let wanted = match act.kind {
                        ActKind::Create | ActKind::Onto => {
                            !r.holds && matches!(chk.what, "exists" | "file")
                        }
                        // the race only turns into an error (`AlreadyExists`, `NotFound`): report
                        // it where the error is neither handled nor thrown away on purpose
                        // (`let _ = fs::remove_file(p)`), and a remove only when it always
                        // follows the check
                        ActKind::CreateDir => {
                            !r.holds
                                && matches!(chk.what, "exists" | "dir")
                                && !a.discarded(act.call)
                        }
                        ActKind::Remove => {
                            r.holds
                                && !r.nested(act.call)
                                && !a.handled(act.call)
                                && !a.discarded(act.call)
                        }
                    };
                    if !wanted || done.contains(&act.call) {
                        continue;
                    }
                    // the error the race causes is handled (`if let Err(e) = fs::create_dir(..)`)
                    if act.kind != ActKind::Create && a.handled(act.call) {
                        continue;
                    }
                    let Some(fi) = a.fn_at(act.call.start) else {
                        continue;
                    };
                    if a.guard_covers(fi, chk.span.start, act.call.start) {
                        continue;
                    }
                    if reassigned_between(a, &key, chk.span.end, act.call.start) {
                        continue;
                    }
                    // a race needs a second actor: without evidence of one the path belongs
                    // to this program alone (a command's own output, one owner's directory)
                    let Some(actor) = second_actor(a, fi, &chk, &act, &r) else {
                        continue;
                    };
                    done.insert(act.call);
                    acts.push((act, actor));
                }
            }
            if let Some((first, actor)) = acts.first() {
                let mut d = report(a, &chk, first).note(format!("who else acts here: {actor}"));
                let tolerated = match single {
                    true => tolerate_error(a, e, first),
                    false => tolerate_error_beside(a, e, chk.span, first),
                };
                if acts.len() == 1
                    && let Some((span, rep)) = tolerated
                {
                    let what = match (first.kind, first.name.as_str()) {
                        (ActKind::CreateDir, _) => {
                            "create the directory without checking first and treat `AlreadyExists` as success"
                        }
                        (_, "rename") => {
                            "rename without checking first and treat `NotFound` as success"
                        }
                        _ => "remove without checking first and treat `NotFound` as success",
                    };
                    d = d.suggest(what, Applicability::MaybeIncorrect, span, rep);
                }
                for (more, _) in &acts[1..] {
                    d = d.label(
                        more.call,
                        format!("also acted on here, by `{}`", more.callee),
                    );
                }
                out.push(Candidate {
                    diag: d,
                    requires: Vec::new(),
                    via: None,
                });
            }
        }
    }
}

/// `if !dir.exists() { fs::create_dir(dir)?; }` -> `match fs::create_dir(dir) { Err(e) if
/// e.kind() == std::io::ErrorKind::AlreadyExists => {} r => r?, }` (and `NotFound` for a
/// removal): when the `if` has no `else` and its block is only the act, propagated with `?`
/// (the error keeps its path out of the function, other errors too), with or without the
/// `;` (the act's `()` is the block's value either way).
fn tolerate_error(a: &An, e: &syn::ExprIf, act: &Act) -> Option<(Span, String)> {
    let ind = indent_of(a, span_of(e).start);
    Some((span_of(e), tolerating_match(a, e, act, &ind)?))
}

/// `if ready && !dir.exists() { fs::create_dir(dir)?; }` -> `if ready { match
/// fs::create_dir(dir) { .. } }`: the check is one side of the condition's only `&&`, the
/// other side (kept as written, evaluated as before) stays the `if`'s condition around
/// [`tolerate_error`]'s `match`.
fn tolerate_error_beside(
    a: &An,
    e: &syn::ExprIf,
    check: Span,
    act: &Act,
) -> Option<(Span, String)> {
    let syn::Expr::Binary(b) = strip(&e.cond) else {
        return None;
    };
    if !matches!(b.op, syn::BinOp::And(_)) {
        return None;
    }
    let (left, right) = (span_of(&*b.left), span_of(&*b.right));
    let (side, other) = if left.encloses(check) {
        (&*b.left, right)
    } else if right.encloses(check) {
        (&*b.right, left)
    } else {
        return None;
    };
    // the side is the check alone (`p.exists()`, `!p.exists()`); the other side, whatever
    // it is, stays the condition as written
    if conjuncts(side).0.len() != 1 {
        return None;
    }
    let ind = indent_of(a, span_of(e).start);
    let inner = format!("{ind}    ");
    let m = tolerating_match(a, e, act, &inner)?;
    Some((
        span_of(e),
        format!("if {} {{\n{inner}{m}\n{ind}}}", a.text(other).trim()),
    ))
}

/// The `match` of [`tolerate_error`], indented by `ind`: the `if`'s block is only the act,
/// propagated with `?`, and the `if` has no `else`.
fn tolerating_match(a: &An, e: &syn::ExprIf, act: &Act, ind: &str) -> Option<String> {
    let kind = match act.kind {
        ActKind::CreateDir => "AlreadyExists",
        ActKind::Remove => "NotFound",
        _ => return None,
    };
    if e.else_branch.is_some() || e.then_branch.stmts.len() != 1 {
        return None;
    }
    // `fs::remove_file(p)?;`, or `fs::remove_file(p)?` as the block's tail: both `()`
    let syn::Stmt::Expr(syn::Expr::Try(t), _) = &e.then_branch.stmts[0] else {
        return None;
    };
    let inner = span_of(&*t.expr);
    if !inner.encloses(act.call) || inner.start != act.call.start {
        return None;
    }
    // the `io::Result` is the call's (after its `.await`); adapters after it (`.context(..)`,
    // `.map_err(..)`) change the error type, so they apply to the other outcomes only
    let text = &a.source.text;
    let mut call_end = act.call.end;
    let rest = &text[call_end..inner.end];
    if let Some(r) = rest.trim_start().strip_prefix(".await") {
        call_end = inner.end - r.len();
    }
    let call = a.text(Span::new(inner.start, call_end));
    let adapters = a.text(Span::new(call_end, inner.end));
    let adapters = if adapters
        .lines()
        .skip(1)
        .all(|l| l.trim_start().starts_with('.'))
    {
        adapters.lines().map(str::trim).collect::<String>()
    } else {
        adapters.to_string()
    };
    Some(format!(
        "match {call} {{\n{ind}    Err(e) if e.kind() == std::io::ErrorKind::{kind} => {{}}\n{ind}    r => r{adapters}?,\n{ind}}}"
    ))
}

/// The indentation of the line `offset` is on.
fn indent_of(a: &An, offset: usize) -> String {
    let text = &a.source.text;
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..offset]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// Evidence that another process or thread can act on the path between the check and the act
/// (from the model), or the work-then-mark idiom: `if done.exists() { return }`, work, then
/// `File::create(done)`: two runs that start together both do the work into the same place.
fn second_actor(a: &An, fi: usize, chk: &FsCheck, act: &Act, region: &Region) -> Option<String> {
    let path = span_of(chk.path);
    // the innermost `match` arm around the check, in this function
    let arm = a
        .sites
        .iter()
        .filter_map(|s| match s {
            Site::Match { e } => e
                .arms
                .iter()
                .map(|arm| span_of(&*arm.body))
                .find(|b| b.encloses(path)),
            _ => None,
        })
        .filter(|b| a.f(fi).body.encloses(*b))
        .min_by_key(|b| b.end - b.start);
    if let Some(why) = crate::model::actors::fs_second_actor(
        a.model,
        &a.source.text,
        fi,
        path,
        arm,
        act.call.start,
    ) {
        return Some(why);
    }
    let from = region.span()?.start;
    let worked = a
        .f(fi)
        .calls
        .iter()
        .any(|c| c.span.start >= from && c.span.end <= act.call.start);
    (region.kind == RegionKind::After && act.kind == ActKind::Create && chk.present && worked).then(|| {
        "the path marks work done in between: two runs that start together both find it missing and both do that work, into the same place".to_string()
    })
}

/// `path = other;` between the check and the act: the act is on another path.
fn reassigned_between(a: &An, key: &str, from: usize, to: usize) -> bool {
    let text = a.text(Span::new(from, to));
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains(&format!("{key}=")) && !compact.contains(&format!("{key}=="))
}

fn report(a: &An, chk: &FsCheck, act: &Act) -> Diagnostic {
    let path = a.text_of(chk.path);
    let check = a.text(chk.span);
    let callee = &act.callee;
    let krate = &act.krate;
    let msg = match act.kind {
        ActKind::Create => format!(
            "`{path}` is checked not to exist (`{check}`) and then created with `{callee}`: another process or thread can create it in between, and `{callee}` silently truncates and overwrites that file"
        ),
        ActKind::CreateDir => format!(
            "`{path}` is checked not to exist (`{check}`) and then created with `{callee}`: it can appear in between, and `{callee}` then fails with `AlreadyExists`"
        ),
        ActKind::Onto => format!(
            "`{path}` is checked not to exist (`{check}`) and then written by `{callee}`: a file created there in between is silently replaced"
        ),
        ActKind::Remove => format!(
            "`{path}` is checked to exist (`{check}`) and then {} by `{callee}`: it can disappear in between, and `{callee}` then fails with `NotFound`",
            if act.name == "rename" {
                "moved away"
            } else {
                "removed"
            }
        ),
    };
    let act_label = match act.kind {
        ActKind::Create | ActKind::CreateDir | ActKind::Onto => "created here, in a separate step",
        ActKind::Remove if act.name == "rename" => "moved away here, in a separate step",
        ActKind::Remove => "removed here, in a separate step",
    };
    // the call with all its arguments as written (`fs::rename(backup, live)`)
    let all_args = act
        .args
        .iter()
        .map(|x| a.text_of(*x))
        .collect::<Vec<_>>()
        .join(", ");
    let d = a.diag(&FS_TOCTOU, chk.span, msg).label(act.call, act_label);
    let p = act.args.first().map(|x| a.text_of(*x)).unwrap_or("path");
    let dest = act.args.get(1).map(|x| a.text_of(*x)).unwrap_or("path");
    match act.kind {
        ActKind::Create if act.name == "create" => {
            let repl = format!("{krate}OpenOptions::new().write(true).create_new(true).open({p})");
            d.suggest(
                format!(
                    "create the file only if it does not exist, atomically: `{repl}` fails with `std::io::ErrorKind::AlreadyExists` instead of truncating; handle that error (the `{check}` test is then redundant)"
                ),
                Applicability::MaybeIncorrect,
                act.call,
                repl,
            )
        }
        // an `OpenOptions` chain with `create(true)`: `create_new(true)` fails instead of
        // opening a file created in between
        ActKind::Create if act.name == "open" && create_at(a, act).is_some() => {
            let at = create_at(a, act).unwrap_or(act.call.start);
            d.suggest(
                format!(
                    "open with `create_new(true)`: it fails with `std::io::ErrorKind::AlreadyExists` when the file appeared in between, instead of opening it; handle that error (the `{check}` test is then redundant)"
                ),
                Applicability::MaybeIncorrect,
                Span::new(at, at + "create".len()),
                "create_new",
            )
        }
        // `fs::write(p, data)`: the same file created with `create_new` and written, one
        // `io::Result<()>` as before; `data` is a plain expression (no call: it is evaluated
        // after the open now)
        ActKind::Create
            if act.name == "write"
                && krate == "std::fs::"
                && act.args.len() == 2
                && !a.text_of(act.args[1]).contains(['(', '!', '\n']) =>
        {
            let data = a.text_of(act.args[1]);
            let fns = a
                .fn_at(act.call.start)
                .map(|f| crate::rules::rewrite::fn_chain(&a.model.fns, f))
                .unwrap_or_default();
            let file = crate::rules::rewrite::fresh_from(&["file", "f"], &[p, data], &fns);
            // `as_ref` takes a reference: `&data` is one already
            let data_ref = if data.starts_with('&') {
                data.to_string()
            } else {
                format!("&{}", crate::rules::rewrite::operand(data))
            };
            let repl = format!(
                "{krate}OpenOptions::new().write(true).create_new(true).open({p}).and_then(|mut {file}| std::io::Write::write_all(&mut {file}, std::convert::AsRef::<[u8]>::as_ref({data_ref})))"
            );
            d.suggest(
                format!(
                    "create the file only if it does not exist, atomically, then write it: `create_new(true)` fails with `std::io::ErrorKind::AlreadyExists` instead of overwriting a file created in between; handle that error (the `{check}` test is then redundant)"
                ),
                Applicability::MaybeIncorrect,
                act.call,
                repl,
            )
        }
        ActKind::Create => {
            let data = act
                .args
                .get(1)
                .map(|x| a.text_of(*x))
                .filter(|t| t.len() <= 40 && !t.contains('\n'))
                .unwrap_or("data");
            d.help(format!(
                "create the file atomically and handle `std::io::ErrorKind::AlreadyExists` instead of checking first: `{krate}OpenOptions::new().write(true).create_new(true).open({p})?.write_all({data})`"
            ))
        }
        ActKind::CreateDir => d.help(format!(
            "create the directory without checking and treat `AlreadyExists` as success: `match {callee}({p}) {{ Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {{}} r => r? }}` (or `{krate}create_dir_all({p})`, which succeeds when the directory exists)"
        )),
        ActKind::Onto => d.help(format!(
            "use an operation that fails when `{dest}` exists and handle `std::io::ErrorKind::AlreadyExists`: `{krate}OpenOptions::new().write(true).create_new(true).open({dest})` then copy into it, or `{krate}hard_link(src, {dest})` (fails if the destination exists) followed by removing the source"
        )),
        ActKind::Remove => d.help(format!(
            "{} without checking and treat `NotFound` as success: `match {callee}({all_args}) {{ Err(e) if e.kind() == std::io::ErrorKind::NotFound => {{}} r => r? }}`",
            if act.name == "rename" { "rename" } else { "remove" }
        )),
    }
}

/// The offset of `create` in the one `.create(true)` of an `OpenOptions` chain act.
fn create_at(a: &An, act: &Act) -> Option<usize> {
    let text = a.text(act.call);
    let i = text.find(".create(true)")?;
    if text[i + 1..].contains(".create(true)") {
        return None;
    }
    Some(act.call.start + i + 1)
}
