//! `read-modify-write` on stores: `store-get-then-save` (a record fetched, modified and saved
//! back), `kv-get-then-set` (a key-value read and a computed value set back on the same key)
//! and `sql-read-then-write` (a column SELECTed and an UPDATE binding a value computed from it).

use crate::diagnostic::{Applicability, Diagnostic, Edit, Span};
use crate::model::data::StoreVerbs;
use crate::model::data::StoreVerbs as Verbs;
use crate::model::data::facts::{Facts, LetFact, Mutation, SqlExec, StoreCall, compact, peel};
use crate::model::data::sql::SqlKind;
use crate::model::span::span_of;
use crate::rules::check_then_act::store_checks::{is_version, serializing};
use crate::rules::{Deferred, FileCtx, declare_rule};

declare_rule! {
    pub static STORE_GET_THEN_SAVE = {
        id: "store-get-then-save",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "a record fetched from an async store is modified and saved back without concurrency control",
        options: Verbs,
    }
}

declare_rule! {
    pub static KV_GET_THEN_SET = {
        id: "kv-get-then-set",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "a key-value store value is read and a value computed from it is set back",
        options: Verbs,
    }
}

declare_rule! {
    pub static SQL_READ_THEN_WRITE = {
        id: "sql-read-then-write",
        category: READ_MODIFY_WRITE,
        severity: Warning,
        summary: "a column is SELECTed and an UPDATE writes back a value computed in application code",
    }
}

pub fn check(cx: &mut FileCtx, facts: &Facts, verbs: &StoreVerbs, reported: &mut Vec<Span>) {
    let mut diags = Vec::new();
    let mut deferred = Vec::new();
    for w in &facts.calls {
        // (`insert` writes a key of a shared synchronous store: see `store_write`)
        let write = verbs.is_write(&w.verb) || (w.verb == "insert" && !w.awaited);
        if reported.contains(&w.span) || !write || !w.store_like || w.cache {
            continue;
        }
        if let Some((d, via)) = store_write(cx, facts, verbs, w) {
            reported.push(w.span);
            match via {
                Some(v) => deferred.push((d, v)),
                None => diags.push(d),
            }
        }
    }
    for (d, v) in deferred {
        cx.report_via(d, v);
    }
    for w in &facts.sqls {
        if reported.contains(&w.span) || w.info.kind != SqlKind::Update {
            continue;
        }
        if let Some(d) = sql_write(cx, facts, w) {
            reported.push(w.span);
            diags.push(d);
        }
    }
    for w in &facts.counter_calls {
        if reported.contains(&w.span) {
            continue;
        }
        if let Some(d) = counter_reserve(cx, facts, w) {
            reported.push(w.span);
            diags.push(d);
        }
    }
    for d in diags {
        cx.report(d);
    }
}

/// `let c = store.get_keyset_counter(&id).await?; .. use c ..; store.increment_keyset_counter(
/// &id, n).await?`: a counter read and used as a reservation (the next free index, a nonce),
/// then bumped by a separate relative write. Two concurrent calls read the same value and
/// both use it; the increment keeps the count right, not the reservation.
fn counter_reserve(cx: &FileCtx, facts: &Facts, w: &StoreCall) -> Option<Diagnostic> {
    use crate::model::data::facts::counter_verb;
    let (true, name) = counter_verb(&w.verb)? else {
        return None;
    };
    let f = w.fn_idx;
    let fm = &cx.model.fns[f];
    // an increment whose result is used returns the new value: the atomic form
    if result_used(facts, w.span) || serializing(cx, facts, f, w.span.start) {
        return None;
    }
    let key = w.args.first()?.text(cx.source);
    let r = facts
        .counter_calls
        .iter()
        .filter(|r| {
            r.fn_idx == f
                && r.span.end <= w.span.start
                && r.recv == w.recv
                && r.awaited == w.awaited
                && counter_verb(&r.verb) == Some((false, name))
                && r.args.first().is_some_and(|a| a.text(cx.source) == key)
        })
        .max_by_key(|r| r.span.start)?;
    let l = read_let(facts, r.span, f)?;
    // an in-process lock held from the read to the increment serialises the pair
    if fm
        .held_at(r.span.start)
        .any(|acq| acq.live_at(w.span.start))
    {
        return None;
    }
    // the value read is used before the increment
    let between = Span::new(l.span.end, w.span.start);
    let text = cx.source.slice(between);
    let used = l.names.iter().any(|n| {
        text.match_indices(n.as_str()).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + n.len()..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
        })
    });
    if !used {
        return None;
    }
    let rt = call_text(cx, r);
    let wt = call_text(cx, w);
    let val = l.names.first().cloned().unwrap_or_default();
    Some(
        KV_GET_THEN_SET
            .diag(
                cx.path,
                w.report,
                format!(
                    "the counter read by `{rt}` is used (`{val}`) before `{wt}` bumps it; two concurrent calls read the same value and both use it (the same index, nonce or secrets handed out twice): the separate increment keeps the count right but not the reservation"
                ),
            )
            .label(r.report, "counter read here")
            .help(format!(
                "reserve with one atomic operation that returns the new value: make `{}` return the counter after the increment (`UPDATE … SET counter = counter + $1 RETURNING counter`, redis `INCRBY`) and use the range it returns instead of the value read before",
                w.verb
            )),
    )
}

/// The value of the write is used (`if repo.save(..).await? { .. }`, `let n = ..`): in a retry
/// loop, that is how an optimistic update notices it lost.
pub(crate) fn result_used(facts: &Facts, span: Span) -> bool {
    !facts
        .stmt_exprs
        .iter()
        .any(|s| s.start == span.start && s.encloses(span))
}

/// The `let` that binds the value of read `r` (through `?`, `.await`, `unwrap`, ...).
fn read_let<'f>(facts: &'f Facts, r_span: Span, f: usize) -> Option<&'f LetFact> {
    facts
        .let_around(f, r_span)
        .filter(|l| l.core == Some(r_span))
}

fn is_redis_sync(facts: &Facts, c: &StoreCall) -> bool {
    facts.file_uses_redis && !c.awaited
}

fn store_write(
    cx: &FileCtx,
    facts: &Facts,
    verbs: &StoreVerbs,
    w: &StoreCall,
) -> Option<(Diagnostic, Option<Deferred>)> {
    let f = w.fn_idx;
    let fm = &cx.model.fns[f];
    // a write in a key-value transaction: a concurrent writer of the key conflicts at commit
    // (a redis `MULTI` pipeline isolates nothing it read before)
    if w.on_transaction() && !facts.file_uses_redis {
        return None;
    }
    // A synchronous store call is a store's when the file uses redis, or when the receiver
    // is an object of an application type whose read and write methods take `&self` (an
    // embedded KV store's wrapper, a shared registry): each call synchronises itself, the
    // pair does not. Those methods are checked in the workspace phase.
    let shared = if w.awaited || is_redis_sync(facts, w) {
        None
    } else {
        let ty = w.recv_ty.clone()?;
        // `self` behind `&mut self`: no one else holds the object
        if fm.self_exclusive && w.recv == "self" {
            return None;
        }
        Some(ty)
    };
    if shared.is_none() && !verbs.is_write(&w.verb) {
        return None;
    }
    // the latest matching read first
    let mut reads: Vec<&StoreCall> = facts
        .calls
        .iter()
        .filter(|r| {
            r.fn_idx == f
                && r.span.end <= w.span.start
                && r.recv == w.recv
                && verbs.is_read(&r.verb)
                && r.store_like
                && !r.mut_arg
                && r.awaited == w.awaited
                && (shared.is_none() || r.recv_ty == w.recv_ty)
        })
        .collect();
    reads.sort_by_key(|r| std::cmp::Reverse(r.span.start));
    for r in reads {
        let Some(l) = read_let(facts, r.span, f) else {
            continue;
        };
        // an in-process object: a lock held from the read to the write serialises the pair
        if shared.is_some()
            && fm
                .held_at(r.span.start)
                .any(|acq| acq.live_at(w.span.start))
        {
            continue;
        }
        let via = shared.as_ref().map(|ty| Deferred::SharedMethods {
            ty: ty.clone(),
            methods: vec![r.verb.clone(), w.verb.clone()],
        });
        if facts.in_loop_with(f, r.span, w.span) && result_used(facts, w.span) {
            continue;
        }
        let from_read =
            |names: &[String], at: usize| fm.flows_from(names, at, &|s| s == l.init).is_some();
        // kv: the read's arguments are the key (`get(k)`, `hget(k, f)`); the write takes the
        // same key, then the value (`set(k, v)`, `set_ex(k, v, ttl)`, `hset(k, f, v)`)
        if !r.args.is_empty() && w.args.len() > r.args.len() {
            let keys_equal = r
                .args
                .iter()
                .zip(&w.args)
                .all(|(a, b)| a.text(cx.source) == b.text(cx.source));
            if !keys_equal {
                // a different key (or record): not this read's value being written back
                continue;
            }
            let value = &w.args[r.args.len()];
            let record_like = field_of_read(fm, value, l)
                || value.idents().iter().any(|n| {
                    facts.mutations.iter().any(|m| {
                        &m.root == n
                            && !m.fields.is_empty()
                            && m.span.start > l.span.end
                            && m.span.end <= w.span.start
                    })
                });
            if !record_like && from_read(value.idents(), value.span.start) {
                if value_changed(cx, facts, fm, value, l, w.span.start) {
                    let d = match &via {
                        Some(_) => shared_kv_diag(cx, r, w, value, l),
                        None => kv_diag(cx, r, w, value, l),
                    };
                    return Some((d, via));
                }
                // the value written back unchanged: nothing computed from it
                continue;
            }
        }
        // repository: the record read is modified and passed back
        for a in &w.args {
            if !from_read(a.idents(), a.span.start) {
                continue;
            }
            if a.text(cx.source).to_ascii_lowercase().contains("version") {
                return None;
            }
            if let Some((m_span, what)) = record_modified(cx, facts, fm, a, l, w.span.start) {
                if what.to_ascii_lowercase().contains("version") {
                    return None;
                }
                let shared = via.is_some();
                return Some((repo_diag(cx, r, w, l, m_span, &what, shared), via));
            }
        }
    }
    None
}

/// The value argument reads a field of the record (`post.likes + 1`): a repository update.
fn field_of_read(
    fm: &crate::model::FnModel,
    value: &crate::model::data::facts::Arg,
    l: &LetFact,
) -> bool {
    let names: Vec<String> = value
        .idents()
        .iter()
        .filter(|n| {
            fm.flows_from(&[n.to_string()], value.span.start, &|s| s == l.init)
                .is_some()
        })
        .cloned()
        .collect();
    crate::model::syntax::reads_field_of(&value.expr, &names)
}

/// The kv value differs from what was read: computed in the argument, in a `let`, or by a
/// mutation of the variable in between.
fn value_changed(
    cx: &FileCtx,
    facts: &Facts,
    fm: &crate::model::FnModel,
    value: &crate::model::data::facts::Arg,
    l: &LetFact,
    at: usize,
) -> bool {
    if crate::model::data::facts::computes(&value.expr) {
        return true;
    }
    let _ = cx;
    for n in value.idents() {
        if facts
            .mutations
            .iter()
            .any(|m| &m.root == n && m.span.start > l.span.end && m.span.end <= at)
        {
            return true;
        }
        // a let in between that computes, or a variable the value went through that is
        // changed in between (`job.status = ..` before `let out = to_string(&job)`)
        let mut name = n.clone();
        let mut guard = 0;
        while let Some(b) = fm.binding(&name, at) {
            guard += 1;
            if guard > 16 || b.init == Some(l.init) || b.init.is_none() {
                break;
            }
            if guard > 1
                && facts
                    .mutations
                    .iter()
                    .any(|m| m.root == name && m.span.start > l.span.end && m.span.end <= at)
            {
                return true;
            }
            if facts
                .lets
                .iter()
                .any(|x| Some(x.init) == b.init && x.computes)
            {
                return true;
            }
            match b.deps.first() {
                Some(d) if b.deps.len() == 1 => name = d.clone(),
                _ => break,
            }
        }
    }
    false
}

/// How the record passed to the write was changed since the read: a mutation that reads
/// the old value (`post.likes += 1`, `post.tags.push(t)`, `post.likes = post.likes + 1`), or a
/// new value built from it (`Post { likes: post.likes + 1, ..post }`).
pub(crate) fn record_modified(
    cx: &FileCtx,
    facts: &Facts,
    fm: &crate::model::FnModel,
    a: &crate::model::data::facts::Arg,
    l: &LetFact,
    at: usize,
) -> Option<(Span, String)> {
    let core = peel(&a.expr);
    // inline computation in the argument, on the record's fields or as a struct update
    let struct_update = matches!(core, syn::Expr::Struct(s) if s.rest.is_some());
    if !matches!(core, syn::Expr::Path(_))
        && crate::model::data::facts::computes(core)
        && (struct_update || field_of_read(fm, a, l))
    {
        return Some((span_of(core), compact(cx.source.slice(span_of(core)))));
    }
    let syn::Expr::Path(p) = core else {
        return None;
    };
    let name = p.path.segments.last()?.ident.to_string();
    // the names the record went through since the read
    let mut chain = vec![name.clone()];
    let mut cur = name;
    for _ in 0..16 {
        let Some(b) = fm.binding(&cur, at) else {
            break;
        };
        if b.init == Some(l.init) {
            break;
        }
        if let Some(lf) = facts.lets.iter().find(|x| Some(x.init) == b.init)
            && lf.computes
        {
            return Some((lf.span, compact(cx.source.slice(lf.init))));
        }
        match b.deps.first() {
            Some(d) if b.deps.len() == 1 => {
                cur = d.clone();
                chain.push(cur.clone());
            }
            _ => break,
        }
    }
    chain.extend(l.names.iter().cloned());
    let ms: Vec<&Mutation> = facts
        .mutations
        .iter()
        .filter(|m| {
            m.fn_idx == l.fn_idx
                && chain.contains(&m.root)
                && m.span.start > l.span.end
                && m.span.end <= at
                && (m.reads_old
                    || (fm
                        .flows_from(&m.rhs_idents, m.span.start, &|s| s == l.init)
                        .is_some()
                        && (same_field(cx, m) || copied_field(cx, facts, fm, m))))
        })
        .collect();
    let m = ms.first()?;
    let what = if m.fields.is_empty() {
        m.root.clone()
    } else {
        format!("{}.{}", m.root, m.fields.join("."))
    };
    Some((m.span, what))
}

/// `let n = rec.downloads; .. am.downloads = Set(n + 1)`, `let n = rec.count + 1; .. Set(n)`,
/// `let v = from_value(rec.events.clone()); v.push(e); .. Set(to_value(v))`: the new value
/// uses a local computed from the same field of the record before.
fn copied_field(cx: &FileCtx, facts: &Facts, fm: &crate::model::FnModel, m: &Mutation) -> bool {
    let Some(f) = m.fields.last() else {
        return false;
    };
    m.rhs_idents.iter().any(|n| {
        let Some(b) = fm.binding(n, m.span.start) else {
            return false;
        };
        b.init.is_some_and(|init| {
            let t = compact(cx.source.slice(init));
            let t = t.trim_end_matches(".clone()");
            if t.rsplit_once('.').is_some_and(|(_, last)| last == f) {
                return true;
            }
            // the field read in a value computed from it, or in a local changed afterwards
            // (`events.push(e)`); not an old value merely kept (`if c { new } else { old }`)
            reads_field(t, f)
                && (facts.lets.iter().any(|x| {
                    x.init == init
                        && x.computes
                        && !matches!(t.split_once(' '), Some(("if" | "match", _)))
                }) || facts
                    .mutations
                    .iter()
                    .any(|x| x.root == *n && x.span.start > init.end && x.span.end <= m.span.start))
        })
    })
}

/// Whether `text` reads a field `f` (`.f` not followed by an identifier character or a call):
/// `model.count + 1`, `serde_json::from_value(model.events.clone())`.
fn reads_field(text: &str, f: &str) -> bool {
    let needle = format!(".{f}");
    text.match_indices(&needle).any(|(i, _)| {
        let after = text[i + needle.len()..].chars().next();
        !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '(' || c == ':')
    })
}

/// `acct.balance = acct.balance + x`: the new value of a field is computed from that same
/// field (a plain overwrite, or a value computed from other fields, loses nothing more than
/// any last-writer-wins save).
fn same_field(cx: &FileCtx, m: &Mutation) -> bool {
    match m.fields.last() {
        None => true,
        Some(f) => {
            let needle = format!(".{f}");
            let rhs = cx.source.slice(m.rhs);
            rhs.match_indices(&needle).any(|(i, _)| {
                let after = rhs[i + needle.len()..].chars().next();
                !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        }
    }
}

fn call_text(cx: &FileCtx, c: &StoreCall) -> String {
    format!("{}.{}(..)", compact(cx.source.slice(c.recv_span)), c.verb)
}

fn repo_diag(
    cx: &FileCtx,
    r: &StoreCall,
    w: &StoreCall,
    l: &LetFact,
    m: Span,
    what: &str,
    shared: bool,
) -> Diagnostic {
    let rec = l
        .names
        .first()
        .cloned()
        .unwrap_or_else(|| "the record".into());
    let rt = call_text(cx, r);
    let wt = call_text(cx, w);
    // the column: the last segment of the modified place when it is a plain name (a struct
    // literal `Post { views: .., ..post }` names none)
    let field = what
        .rsplit_once('.')
        .map(|(_, f)| f)
        .filter(|f| is_ident(f))
        .map(str::to_string);
    let key = r
        .args
        .first()
        .map(|a| a.text(cx.source))
        .filter(|k| !k.contains("//") && !k.contains("/*"))
        .unwrap_or_else(|| "the key".into());
    let mod_text = compact_ws(cx.source.slice(m));
    // the delta of `x += d` / `x -= d`, bound as a parameter (never pasted into SQL); a
    // delta holding a comment or spanning statements is not taken
    let delta = |op: &str| {
        mod_text
            .split(op)
            .nth(1)
            .map(|d| d.trim().trim_end_matches(';').trim().to_string())
            .filter(|d| !d.is_empty() && !d.contains("//") && !d.contains("/*") && !d.contains(';'))
    };
    let col = field.clone().unwrap_or_else(|| "<column>".into());
    let (set, binds) = if let Some(d) = delta("+=") {
        (
            format!("{col} = {col} + $1"),
            format!(" (bind `{d}` as $1 and `{key}` as $2)"),
        )
    } else if let Some(d) = delta("-=") {
        (
            format!("{col} = {col} - $1"),
            format!(" (bind `{d}` as $1 and `{key}` as $2)"),
        )
    } else {
        (
            format!("{col} = <new value computed from {col}>"),
            format!(" (bind `{key}` as $2)"),
        )
    };
    let lost = match &field {
        Some(f) => format!("two concurrent updates of `{f}` count once"),
        None => "of two concurrent changes, one is lost".to_string(),
    };
    let d = STORE_GET_THEN_SAVE.diag(cx.path,
        w.report,
        format!(
            "`{rec}` is read by `{rt}`, modified (`{what}`) and saved back by `{wt}`; a change to the same record made by another {who} in between is overwritten ({lost})",
            who = if shared { "thread" } else { "request" },
        ),
    )
    .label(r.span, "read here")
    .label(m, "modified here, in application code");
    if shared {
        let ty = w.recv_ty.as_deref().unwrap_or("the object");
        return d.help(format!(
            "`{ty}` is shared (its `{}` and `{}` take `&self`): make the read, the change and the write one step, under one lock every writer takes, or in one method of `{ty}` that updates in place (`ArcSwap::rcu`, a `Mutex` around the value)",
            r.verb, w.verb
        ));
    }
    d.help(format!(
        "make the change in one step in the store: `UPDATE <table> SET {set} WHERE id = $2`{binds}, in a repository method that runs it; or add a version column, save with `… WHERE id = $1 AND version = $2` and retry when no row changed; or read with `SELECT … FOR UPDATE` inside the transaction that saves"
    ))
}

fn is_ident(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn compact_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a kv finding names: the variable the value was read into, and the key arguments of
/// the read as written.
fn kv_names(cx: &FileCtx, r: &StoreCall, l: &LetFact) -> (String, Vec<String>) {
    let name = l
        .names
        .first()
        .cloned()
        .unwrap_or_else(|| "the value".into());
    let keys = r
        .args
        .iter()
        .map(|a| cx.source.slice(a.span).to_string())
        .collect();
    (name, keys)
}

/// `kv-get-then-set` on an in-process object shared by `&self` methods (an embedded store's
/// wrapper): no server-side INCR, the fix is one critical section or the store's own atomic
/// update.
fn shared_kv_diag(
    cx: &FileCtx,
    r: &StoreCall,
    w: &StoreCall,
    value: &crate::model::data::facts::Arg,
    l: &LetFact,
) -> Diagnostic {
    let (name, keys) = kv_names(cx, r, l);
    let key_txt = keys.join(", ");
    let ty = w.recv_ty.as_deref().unwrap_or("the store");
    KV_GET_THEN_SET
        .diag(
            cx.path,
            w.report,
            format!(
                "`{name}` is read from `{key_txt}` by `{rt}` and `{vtext}` is written back by `{wt}`; `{ty}` is shared (its `{rv}` and `{wv}` take `&self`), so another thread can write the key between the two calls and its update is lost (two increments count once)",
                rt = call_text(cx, r),
                wt = call_text(cx, w),
                vtext = compact_ws(cx.source.slice(value.span)),
                rv = r.verb,
                wv = w.verb,
            ),
        )
        .label(r.span, "read here")
        .label(value.span, "new value computed in application code")
        .help(
            "make the read and the write one atomic step: hold one lock across both (every writer of the key must take it), or use the store's atomic update (sled `update_and_fetch` / `fetch_and_update`, a RocksDB merge operator or transaction with `get_for_update`, a `DashMap` `entry`)",
        )
}

fn kv_diag(
    cx: &FileCtx,
    r: &StoreCall,
    w: &StoreCall,
    value: &crate::model::data::facts::Arg,
    l: &LetFact,
) -> Diagnostic {
    let (name, keys) = kv_names(cx, r, l);
    let key_txt = keys.join(", ");
    let rt = call_text(cx, r);
    let wt = call_text(cx, w);
    let vtext = compact_ws(cx.source.slice(value.span));
    let mut d = KV_GET_THEN_SET.diag(cx.path,
        w.report,
        format!(
            "`{name}` is read from `{key_txt}` by `{rt}` and `{vtext}` is written back by `{wt}`; an update by another client between the read and the write is lost"
        ),
    )
    .label(r.span, "read here")
    .label(value.span, "new value computed in application code");
    // `n + e` / `n - e` with `n` the value read: INCR / HINCRBY
    let delta = match peel(&value.expr) {
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_) | syn::BinOp::Sub(_)) => {
            let left_is_read = matches!(peel(&b.left), syn::Expr::Path(p) if p.path.segments.len() == 1 && l.names.contains(&p.path.segments[0].ident.to_string()));
            if left_is_read {
                Some(compact_ws(cx.source.slice(span_of(&*b.right))))
            } else {
                None
            }
        }
        _ => None,
    };
    let recv = cx.source.slice(w.recv_span).to_string();
    let incr = match w.verb.as_str() {
        "hset" if keys.len() == 2 && w.args.len() == 3 => Some(("hincr", "HINCRBY")),
        "set" | "put" if keys.len() == 1 && w.args.len() == 2 => Some(("incr", "INCRBY")),
        _ => None,
    };
    match (delta, incr) {
        (Some(delta), Some((method, cmd))) => {
            // `n - (a + b)` increments by `-(a + b)`: the negated operand keeps its meaning
            let negative = value_is_sub(&value.expr);
            let d_arg = if negative {
                format!("-{}", crate::rules::rewrite::operand(&delta))
            } else {
                delta.clone()
            };
            let replacement = format!("{recv}.{method}({key_txt}, {d_arg})");
            d = d.suggest(
                format!(
                    "let the store do the arithmetic atomically with `{cmd}` (redis-rs: `{method}`); the earlier read of `{name}` may then be unnecessary"
                ),
                Applicability::MaybeIncorrect,
                w.span,
                replacement,
            );
        }
        _ => {
            d = d.help(
                "make the update atomic in the store: `INCRBY` / `HINCRBY` for counters (redis-rs `incr` / `hincr`), a Lua script (`EVAL`) for other computations, or a `WATCH key` / `MULTI` / `EXEC` transaction retried when `EXEC` returns nil",
            );
        }
    }
    d
}

fn value_is_sub(e: &syn::Expr) -> bool {
    matches!(peel(e), syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Sub(_)))
}

/// `SELECT col …` then `UPDATE … SET col = $n` bound to a value computed from the SELECT.
fn sql_write(cx: &FileCtx, facts: &Facts, w: &SqlExec) -> Option<Diagnostic> {
    let f = w.fn_idx;
    let fm = &cx.model.fns[f];
    let mut sels: Vec<&SqlExec> = facts
        .sqls
        .iter()
        .filter(|s| s.fn_idx == f && s.info.kind == SqlKind::Select && s.span.end <= w.span.start)
        .collect();
    sels.sort_by_key(|s| std::cmp::Reverse(s.span.start));
    for s in sels {
        if !s.info.tables.iter().any(|t| t == w.info.table()) {
            continue;
        }
        let Some(l) = facts.let_around(f, s.span) else {
            continue;
        };
        if s.info.locks_rows || serializing(cx, facts, f, s.span.start) {
            return None;
        }
        if facts.in_loop_with(f, s.span, w.span) && result_used(facts, w.span) {
            continue;
        }
        for set in &w.info.sets {
            if set.self_ref || !(s.info.star || s.info.columns.contains(&set.col)) {
                continue;
            }
            // optimistic: the UPDATE checks the old value or a version
            if w.info
                .where_cols
                .iter()
                .any(|c| c == &set.col || is_version(c))
            {
                return None;
            }
            for p in &set.params {
                let Some(Some(arg)) = w.params.get(p - 1) else {
                    continue;
                };
                if fm
                    .flows_from(arg.idents(), arg.span.start, &|sp| sp == l.init)
                    .is_none()
                {
                    continue;
                }
                if different_row(cx, fm, s, w, l) {
                    return None;
                }
                return Some(sql_diag(cx, s, w, set, arg, l));
            }
        }
    }
    None
}

/// Both statements select their row by the same key column, bound to different values that
/// do not come from the row read.
fn different_row(
    cx: &FileCtx,
    fm: &crate::model::FnModel,
    s: &SqlExec,
    w: &SqlExec,
    l: &LetFact,
) -> bool {
    for (col, p) in &s.info.where_eq {
        for (wc, q) in &w.info.where_eq {
            if col != wc {
                continue;
            }
            let (Some(Some(a)), Some(Some(b))) = (s.params.get(p - 1), w.params.get(q - 1)) else {
                continue;
            };
            if a.text(cx.source) != b.text(cx.source)
                && fm
                    .flows_from(b.idents(), b.span.start, &|sp| sp == l.init)
                    .is_none()
            {
                return true;
            }
        }
    }
    false
}

fn sql_diag(
    cx: &FileCtx,
    s: &SqlExec,
    w: &SqlExec,
    set: &crate::model::data::sql::SetInfo,
    arg: &crate::model::data::facts::Arg,
    l: &LetFact,
) -> Diagnostic {
    let col = &set.col;
    let table = w.info.table();
    let vtext = compact_ws(cx.source.slice(arg.span));
    let p = set.params.first().copied().unwrap_or(1);
    let delta = match peel(&arg.expr) {
        syn::Expr::Binary(b) if matches!(b.op, syn::BinOp::Add(_) | syn::BinOp::Sub(_)) => {
            let names = crate::model::func::idents_in(&b.left);
            let fm = &cx.model.fns[w.fn_idx];
            if fm
                .flows_from(&names, arg.span.start, &|sp| sp == l.init)
                .is_some()
            {
                let op = if matches!(b.op, syn::BinOp::Add(_)) {
                    "+"
                } else {
                    "-"
                };
                Some((
                    op,
                    compact_ws(cx.source.slice(span_of(&*b.right))),
                    span_of(b),
                    cx.source.slice(span_of(&*b.right)).to_string(),
                ))
            } else {
                None
            }
        }
        _ => None,
    };
    let tx_note = match &s.executor {
        Some(e) if e.contains("tx") || e.contains("transaction") => {
            " (a transaction at the default READ COMMITTED / REPEATABLE READ level does not lock the row read)"
        }
        _ => "",
    };
    let msg = format!(
        "`{col}` is read by a SELECT and this UPDATE writes back `{vtext}`, computed in application code; an update of `{table}.{col}` by another request in between is lost{tx_note}"
    );
    let mut edits = Vec::new();
    let help = match delta {
        Some((op, d, bin, d_raw)) => {
            let rewritten = crate::model::data::sql::rewrite_set(
                &w.info.text,
                col,
                &format!("{col} {op} ${p}"),
            );
            // the edit: the statement's literal (a plain string, nothing to escape) and the
            // bound value, which becomes the delta
            let lit = cx.source.slice(w.lit_span);
            if let Some(new_sql) = &rewritten {
                let new_sql = crate::model::data::sql::restyle(new_sql, w.info.style);
                let plain = |t: &str| !t.contains('\\') && !t.contains('"');
                if lit.len() >= 2
                    && lit.starts_with('"')
                    && lit.ends_with('"')
                    && plain(&lit[1..lit.len() - 1])
                    && plain(&new_sql)
                    && !w.lit_span.encloses(bin)
                {
                    edits.push(Edit::new(w.lit_span, format!("\"{new_sql}\"")));
                    edits.push(Edit::new(bin, d_raw.trim().to_string()));
                }
            }
            let new_sql = rewritten
                .unwrap_or_else(|| format!("UPDATE {table} SET {col} = {col} {op} ${p} WHERE …"));
            let new_sql = crate::model::data::sql::restyle(&new_sql, w.info.style);
            format!(
                "compute the new value in the database: `{new_sql}` and bind `{d}` instead of `{vtext}`"
            )
        }
        None => {
            let new_sql = crate::model::data::sql::rewrite_set(
                &w.info.text,
                col,
                &format!("<expression of {col}>"),
            )
            .unwrap_or_else(|| format!("UPDATE {table} SET {col} = <expression of {col}> WHERE …"));
            let new_sql = crate::model::data::sql::restyle(&new_sql, w.info.style);
            format!(
                "compute the new value in the UPDATE itself (`{new_sql}`), or add `AND {col} = <old value>` (or a version column) to the WHERE and retry when no row changed, or read with `SELECT … FOR UPDATE` inside a transaction"
            )
        }
    };
    SQL_READ_THEN_WRITE
        .diag(cx.path, w.report, msg)
        .label(s.lit_span, "read here")
        .label(arg.span, "new value computed here")
        .suggest_edits(
            format!("{help} (the bound value must have the column's type: a literal like `1` may need a suffix)"),
            Applicability::MaybeIncorrect,
            edits,
        )
}
