//! Unit tests of the read-modify-write rules.

use crate::analysis::{analyze_file, finish};
use crate::diagnostic::Diagnostic;
use crate::model::Edition;
use crate::source::SourceFile;

pub(super) fn lint(src: &str) -> Vec<Diagnostic> {
    let sf = SourceFile::new("t.rs", src.to_string());
    let fa = analyze_file(&sf, Edition::E2021).expect("parses");
    finish(vec![fa])
        .into_iter()
        .filter(|d| d.category == "read-modify-write")
        .collect()
}

const OURS: &[&str] = &[
    "split-critical-section",
    "atomic-load-store",
    "static-mut-rmw",
    "map-read-then-insert",
];

/// `RMW_DUMP=path cargo test --lib dump -- --nocapture` prints a file's diagnostics.
#[test]
fn dump() {
    let Ok(root) = std::env::var("RMW_DUMP") else {
        return;
    };
    let mut paths = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(root)];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap().flatten() {
                stack.push(e.path());
            }
        } else if p.extension().is_some_and(|x| x == "rs") {
            paths.push(p);
        }
    }
    paths.sort();
    for p in paths {
        dump_file(&p.to_string_lossy());
    }
}

fn dump_file(path: &str) {
    let Ok(src) = std::fs::read_to_string(path) else {
        return;
    };
    let sf = SourceFile::new(path, src.clone());
    let Ok(fa) = analyze_file(&sf, Edition::E2021) else {
        return;
    };
    for d in finish(vec![fa])
        .into_iter()
        .filter(|d| OURS.contains(&d.rule))
    {
        let lc = sf.line_col(d.span.start);
        println!(
            "{path}:{}:{} {} {}\n  `{}`",
            lc.line,
            lc.column,
            d.rule,
            d.message,
            sf.slice(d.span)
        );
        for l in &d.labels {
            println!(
                "  label {}: {} `{}`",
                sf.line_col(l.span.start).line,
                l.message,
                sf.slice(l.span)
            );
        }
        for n in &d.notes {
            println!("  note: {n}");
        }
        if let Some(s) = &d.suggestion {
            println!("  help: {} [{}]", s.message, s.applicability.as_str());
            for e in &s.edits {
                println!(
                    "    edit {}..{} `{}` -> `{}`",
                    sf.line_col(e.span.start).line,
                    sf.line_col(e.span.end).line,
                    sf.slice(e.span).replace('\n', "\\n"),
                    e.replacement
                );
            }
        }
    }
}

fn only(src: &str, rule: &str) -> Vec<Diagnostic> {
    lint(src).into_iter().filter(|d| d.rule == rule).collect()
}

fn edit_texts(d: &Diagnostic) -> Vec<String> {
    d.suggestion
        .as_ref()
        .map(|s| s.edits.iter().map(|e| e.replacement.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn split_section_rewrites_to_one_compound_assignment() {
    let src = "use std::sync::Mutex;\nstruct S { m: Mutex<u64> }\nimpl S {\n fn f(&self) {\n  let n = *self.m.lock().unwrap();\n  work();\n  *self.m.lock().unwrap() = n + 2;\n }\n}\n";
    let d = only(src, "split-critical-section");
    assert_eq!(d.len(), 1);
    // the read line is deleted, the write becomes `+= 2`
    assert_eq!(edit_texts(&d[0]), ["", "*self.m.lock().unwrap() += 2"]);
    assert!(!d[0].message.contains(".await"));
}

#[test]
fn split_section_names_the_await_and_never_suggests_a_bare_relock() {
    let src = "async fn f(m: &std::sync::Mutex<u64>) {\n let n = *m.lock().unwrap();\n let extra = fetch().await;\n *m.lock().unwrap() = compute(n, extra);\n}\n";
    let d = only(src, "split-critical-section");
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message.contains("`.await` (line 3)"),
        "{}",
        d[0].message
    );
    let help = d[0].advice().unwrap();
    assert!(
        help.contains("re-read the value after re-locking"),
        "{help}"
    );
}

#[test]
fn split_section_silent_when_one_async_guard_spans_the_await() {
    let src = "use tokio::sync::Mutex;\nasync fn f(m: &Mutex<u64>) {\n let mut g = m.lock().await;\n let n = *g;\n work().await;\n *g = n + 1;\n}\n";
    assert!(only(src, "split-critical-section").is_empty());
}

#[test]
fn atomic_conditional_store_suggests_a_checked_fetch_update() {
    let src = "use std::sync::atomic::{AtomicUsize, Ordering};\nstatic N: AtomicUsize = AtomicUsize::new(0);\npub fn f() {\n let v = N.load(Ordering::Acquire);\n if v < 10 {\n  N.store(v + 1, Ordering::Release);\n }\n}\n";
    let d = only(src, "atomic-load-store");
    assert_eq!(d.len(), 1);
    // the edit (or, without one, the advice) is the conditional `fetch_update`, never an
    // unconditional `fetch_add`
    let text = match &d[0].suggestion {
        Some(s) => s
            .edits
            .iter()
            .map(|e| e.replacement.clone())
            .collect::<Vec<_>>()
            .join("\n"),
        None => d[0].advice().unwrap().to_string(),
    };
    assert!(!text.contains("fetch_add"), "{text}");
    assert!(
        text.contains("N.fetch_update(Ordering::AcqRel, Ordering::Acquire, |v| if v < 10 { Some(v + 1) } else { None })"),
        "{text}"
    );
}

#[test]
fn atomic_orderings_combine_and_not_on_integers_xors_all_ones() {
    let src = "use std::sync::atomic::{AtomicU32, Ordering};\nstruct S { a: AtomicU32 }\nimpl S {\n fn f(&self) {\n  let v = self.a.load(Ordering::Acquire);\n  self.a.store(v + 1, Ordering::Release);\n }\n fn g(&self) {\n  let v = self.a.load(Ordering::Relaxed);\n  self.a.store(!v, Ordering::Relaxed);\n }\n}\n";
    let d = only(src, "atomic-load-store");
    assert_eq!(d.len(), 2);
    // the `let` of the load goes (empty replacement), the store becomes the `fetch_*`
    assert_eq!(
        edit_texts(&d[0]),
        ["", "self.a.fetch_add(1, Ordering::AcqRel)"]
    );
    assert_eq!(
        edit_texts(&d[1]),
        ["", "self.a.fetch_xor(!0, Ordering::Relaxed)"]
    );
}

#[test]
fn atomic_silent_in_cas_protocol_code_and_for_restores() {
    let src = "use std::sync::atomic::{AtomicUsize, Ordering};\nstruct Q { head: AtomicUsize, tail: AtomicUsize }\nimpl Q {\n fn push(&self) {\n  let t = self.tail.load(Ordering::Acquire);\n  if self.head.compare_exchange(t, t + 1, Ordering::SeqCst, Ordering::Relaxed).is_ok() {\n   self.tail.store(t + 1, Ordering::Release);\n  }\n }\n fn pop(&self) {\n  let b = self.tail.load(Ordering::Relaxed);\n  self.tail.store(b - 1, Ordering::Relaxed);\n  self.tail.store(b, Ordering::Relaxed);\n }\n}\n";
    let d = only(src, "atomic-load-store");
    // only `store(b - 1)`: the CAS function is protocol code, `store(b)` restores
    assert_eq!(d.len(), 1);
    // `b` is read again after the store (`store(b)`): it is bound to the value `fetch_sub`
    // returns, the value before the update, as the load gave it
    assert_eq!(
        edit_texts(&d[0]),
        ["", "let b = self.tail.fetch_sub(1, Ordering::Relaxed)"]
    );
}

#[test]
fn static_mut_only_where_threads_can_reach() {
    let single = "static mut N: u32 = 0;\nfn main() {\n unsafe { N += 1; }\n}\n";
    assert!(only(single, "static-mut-rmw").is_empty());
    let lib = "static mut N: u32 = 0;\npub fn tick() {\n unsafe { N = N.wrapping_add(1); }\n}\n";
    let d = only(lib, "static-mut-rmw");
    assert_eq!(d.len(), 1);
    // `N = f(N)`: the declaration and the update as one `fetch_update`, together
    let out = fixed(lib, &d[0]);
    assert!(
        out.contains(
            "static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);"
        ),
        "{out}"
    );
    assert!(
        out.contains("let _ = N.fetch_update(std::sync::atomic::Ordering::SeqCst, std::sync::atomic::Ordering::SeqCst, |v| Some(v.wrapping_add(1)));"),
        "{out}"
    );
}

#[test]
fn map_read_then_insert_rewrites_to_entry() {
    let src = "use std::sync::Mutex;\nuse std::collections::HashMap;\nstruct S { m: Mutex<HashMap<String, u32>> }\nimpl S {\n fn f(&self, k: &str) {\n  let n = self.m.lock().unwrap().get(k).copied().unwrap_or(5);\n  self.m.lock().unwrap().insert(k.to_string(), n + 1);\n }\n}\n";
    let d = only(src, "map-read-then-insert");
    assert_eq!(d.len(), 1);
    assert_eq!(
        edit_texts(&d[0]),
        [
            "",
            "self.m.lock().unwrap().entry(k.to_string()).and_modify(|v| *v += 1).or_insert(5 + 1)"
        ]
    );
}

#[test]
fn map_silent_for_a_plain_local_or_different_key() {
    let src = "use dashmap::DashMap;\nfn f(m: &DashMap<u32, u32>, a: u32, b: u32) {\n let n = m.get(&a).map(|r| *r).unwrap_or(0);\n m.insert(b, n + 1);\n}\n";
    assert!(only(src, "map-read-then-insert").is_empty());
}

/// `src` with every edit of `d` applied.
fn fixed(src: &str, d: &Diagnostic) -> String {
    let edits: Vec<_> = d
        .suggestion
        .as_ref()
        .expect("a suggestion")
        .edits
        .iter()
        .map(|e| (e.span, e.replacement.clone()))
        .collect();
    crate::diagnostic::apply_edits(src, &edits)
}

#[test]
fn atomic_rewrite_keeps_the_loaded_value_for_its_other_uses() {
    // the value is returned after the store: the `fetch_add` result takes its place
    let src = "use std::sync::atomic::{AtomicU64, Ordering::SeqCst};\nstruct T { next: AtomicU64 }\nimpl T {\n    fn ticket(&self) -> u64 {\n        let t = self.next.load(SeqCst);\n        self.next.store(t + 1, SeqCst);\n        t\n    }\n}\n";
    let d = only(src, "atomic-load-store");
    assert_eq!(d.len(), 1);
    assert_eq!(
        fixed(src, &d[0]),
        "use std::sync::atomic::{AtomicU64, Ordering::SeqCst};\nstruct T { next: AtomicU64 }\nimpl T {\n    fn ticket(&self) -> u64 {\n        let t = self.next.fetch_add(1, SeqCst);\n        t\n    }\n}\n"
    );
    // read before the store (logged): no edit, the advice says what to do
    let src = "use std::sync::atomic::{AtomicU64, Ordering::SeqCst};\nstatic N: AtomicU64 = AtomicU64::new(0);\nfn f() {\n    let t = N.load(SeqCst);\n    println!(\"{t}\");\n    N.store(t + 1, SeqCst);\n}\n";
    let d = only(src, "atomic-load-store");
    assert_eq!(d.len(), 1);
    assert!(d[0].suggestion.is_none(), "{:?}", d[0].suggestion);
    assert!(
        d[0].advice()
            .unwrap()
            .contains("the value `fetch_add` returns")
    );
    // read after the store but in an inner block of another scope: no edit either
    let src = "use std::sync::atomic::{AtomicU64, Ordering::SeqCst};\nstatic N: AtomicU64 = AtomicU64::new(0);\nfn f(c: bool) -> u64 {\n    let t = N.load(SeqCst);\n    if c {\n        N.store(t + 1, SeqCst);\n    }\n    t\n}\n";
    let d = only(src, "atomic-load-store");
    assert_eq!(d.len(), 1);
    assert!(d[0].suggestion.is_none(), "{:?}", d[0].suggestion);
    // a tail store of a `()` function gets its `;`, so the function's type is kept
    let src = "use std::sync::atomic::{AtomicU64, Ordering::SeqCst};\nstatic N: AtomicU64 = AtomicU64::new(0);\nfn f() {\n    N.store(N.load(SeqCst) + 2, SeqCst)\n}\n";
    let d = only(src, "atomic-load-store");
    assert_eq!(d.len(), 1);
    assert!(
        fixed(src, &d[0]).contains("    N.fetch_add(2, SeqCst);\n}"),
        "{}",
        fixed(src, &d[0])
    );
}

#[test]
fn split_and_map_rewrites_offer_no_edit_when_the_read_is_used_elsewhere() {
    // the value read is logged after the write: deleting or keeping the read would be wrong
    let src = "use std::sync::Mutex;\nstruct S { m: Mutex<u64> }\nimpl S {\n fn f(&self) {\n  let n = *self.m.lock().unwrap();\n  work();\n  *self.m.lock().unwrap() = n + 2;\n  println!(\"was {n}\");\n }\n}\n";
    // so one guard covers the read and the write, and `n` is still the value read
    let d = only(src, "split-critical-section");
    assert_eq!(d.len(), 1);
    assert!(
        fixed(src, &d[0]).contains("  let mut guard = self.m.lock().unwrap();\n  let n = *guard;\n  work();\n  *guard = n + 2;\n  drop(guard);\n  println!(\"was {n}\");"),
        "{}",
        fixed(src, &d[0])
    );
    // unused elsewhere: the read goes and the write becomes one compound assignment
    let src2 = src.replace("  println!(\"was {n}\");\n", "");
    let d = only(&src2, "split-critical-section");
    assert_eq!(d.len(), 1);
    assert!(
        fixed(&src2, &d[0])
            .contains(" fn f(&self) {\n  work();\n  *self.m.lock().unwrap() += 2;\n }"),
        "{}",
        fixed(&src2, &d[0])
    );
    let src = "use std::sync::Mutex;\nuse std::collections::HashMap;\nfn f(m: &Mutex<HashMap<u32, u64>>, k: u32, a: u64, b: u64) -> u64 {\n    let v = m.lock().unwrap().get(&k).copied().unwrap_or(0);\n    m.lock().unwrap().insert(k, v - (a + b));\n    v\n}\n";
    let d = only(src, "map-read-then-insert");
    assert_eq!(d.len(), 1);
    assert!(d[0].suggestion.is_none(), "{:?}", d[0].suggestion);
    // not returned: an edit, whose first value keeps the operand's parentheses
    let src2 = src.replace("    v\n}", "    0\n}");
    let d = only(&src2, "map-read-then-insert");
    assert_eq!(d.len(), 1);
    let f = fixed(&src2, &d[0]);
    assert!(
        f.contains(
            "m.lock().unwrap().entry(k).and_modify(|v| *v -= (a + b)).or_insert(0 - (a + b))"
        ),
        "{f}"
    );
}

#[test]
fn static_mut_becomes_an_atomic_with_its_declaration_and_every_use() {
    let src = "static mut HITS: u64 = 0;\npub fn hit() {\n    unsafe { HITS += 1 }\n}\npub fn reset() {\n    unsafe { HITS = HITS / 2; }\n}\npub fn get() -> u64 {\n    unsafe { HITS }\n}\n";
    let d = only(src, "static-mut-rmw");
    // `hit` and `reset` are both read-modify-writes; `reset`'s is no `fetch_*`: no edit
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(d.iter().all(|d| d.suggestion.is_none()), "{d:#?}");
    let src = "static mut HITS: u64 = 0;\npub fn hit() {\n    unsafe { HITS += 1 }\n}\npub fn reset() {\n    unsafe { HITS = 0; }\n}\npub fn get() -> u64 {\n    unsafe { HITS }\n}\n";
    let d = only(src, "static-mut-rmw");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        fixed(src, &d[0]),
        "static HITS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);\npub fn hit() {\n    unsafe { HITS.fetch_add(1, std::sync::atomic::Ordering::SeqCst); }\n}\npub fn reset() {\n    unsafe { HITS.store(0, std::sync::atomic::Ordering::SeqCst); }\n}\npub fn get() -> u64 {\n    unsafe { HITS.load(std::sync::atomic::Ordering::SeqCst) }\n}\n"
    );
    // visible outside the file, or taken by reference: no edit
    for src in [
        "pub static mut HITS: u64 = 0;\npub fn hit() {\n    unsafe { HITS += 1 }\n}\n",
        "static mut HITS: u64 = 0;\npub fn hit() {\n    unsafe { HITS += 1 }\n}\npub fn r() -> &'static u64 {\n    unsafe { &HITS }\n}\n",
        "static mut HITS: u64 = 0;\npub fn hit() {\n    unsafe { HITS += 1 }\n}\npub fn show() {\n    unsafe { println!(\"{}\", HITS) }\n}\n",
    ] {
        let d = only(src, "static-mut-rmw");
        assert_eq!(d.len(), 1, "{src}");
        assert!(d[0].suggestion.is_none(), "{src}\n{:?}", d[0].suggestion);
    }
}
