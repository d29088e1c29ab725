//! Focused unit tests of the check-then-act rules.

use crate::analysis::{analyze_file, finish};
use crate::diagnostic::Diagnostic;
use crate::model::Edition;
use crate::source::SourceFile;

fn lint_ed(src: &str, ed: Edition) -> Vec<Diagnostic> {
    let sf = SourceFile::new("src/t.rs", src.to_string());
    let fa = analyze_file(&sf, ed).expect("parses");
    finish(vec![fa])
}

fn lint(src: &str) -> Vec<Diagnostic> {
    lint_ed(src, Edition::E2021)
}

fn ids(src: &str) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = lint(src)
        .into_iter()
        .map(|d| d.rule)
        .filter(|r| {
            matches!(
                *r,
                "map-check-then-insert"
                    | "rwlock-check-then-write"
                    | "atomic-check-then-act"
                    | "lazy-init-race"
                    | "fs-toctou"
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn map_mutex_check_then_insert_across_await() {
    let src = r#"
use std::sync::Mutex;
use std::collections::HashMap;
struct S { cache: Mutex<HashMap<String, u32>> }
impl S {
    async fn get(&self, k: String) {
        if !self.cache.lock().unwrap().contains_key(&k) {
            let v = load().await;
            self.cache.lock().unwrap().insert(k, v);
        }
    }
}
"#;
    let d = lint(src);
    let d: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "map-check-then-insert")
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].message.contains("`.await`"), "{}", d[0].message);
    assert_eq!(d[0].labels.len(), 2);
}

#[test]
fn map_dashmap_and_edit() {
    let src = r#"
use dashmap::DashMap;
fn f(m: &DashMap<u32, String>, k: u32) {
    if m.get(&k).is_none() {
        m.insert(k, String::new());
    }
}
"#;
    let d = lint(src);
    let d: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "map-check-then-insert")
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    let s = d[0].suggestion.as_ref().unwrap();
    assert_eq!(
        s.edits[0].replacement,
        "m.entry(k).or_insert_with(|| String::new());"
    );
}

#[test]
fn map_near_misses() {
    // one guard held throughout; entry; different key; local map; match scrutinee guard
    let src = r#"
use std::sync::Mutex;
use std::collections::HashMap;
fn a(m: &Mutex<HashMap<u32, u32>>, k: u32) {
    let mut g = m.lock().unwrap();
    if !g.contains_key(&k) { g.insert(k, 1); }
}
fn b(m: &Mutex<HashMap<u32, u32>>, k: u32) {
    m.lock().unwrap().entry(k).or_insert(1);
}
fn c(m: &Mutex<HashMap<u32, u32>>, k: u32, j: u32) {
    if !m.lock().unwrap().contains_key(&k) { m.lock().unwrap().insert(j, 1); }
}
fn d(k: u32) {
    let mut m = HashMap::new();
    if !m.contains_key(&k) { m.insert(k, 1); }
}
fn e(m: &Mutex<HashMap<u32, u32>>, k: u32) {
    match m.lock().unwrap().get(&k) {
        Some(_) => {}
        None => { m.lock().unwrap().insert(k, 1); }
    }
}
fn f(m: &Mutex<HashMap<u32, u32>>, k: u32) -> Result<(), ()> {
    if !m.lock().unwrap().contains_key(&k) { return Err(()); }
    Ok(())
}
"#;
    assert_eq!(ids(src), Vec::<&str>::new());
}

#[test]
fn rwlock_check_then_write() {
    let src = r#"
use std::sync::RwLock;
struct S { v: RwLock<Vec<u32>> }
impl S {
    fn f(&self) {
        if self.v.read().unwrap().is_empty() {
            self.v.write().unwrap().push(1);
        }
    }
    fn ok(&self) {
        if self.v.read().unwrap().is_empty() {
            let mut w = self.v.write().unwrap();
            if w.is_empty() { w.push(1); }
        }
    }
}
"#;
    assert_eq!(ids(src), vec!["rwlock-check-then-write"]);
}

#[test]
fn atomic_swap_edit() {
    let src = "use std::sync::atomic::{AtomicBool, Ordering};\nstatic STARTED: AtomicBool = AtomicBool::new(false);\nfn f() {\n    if !STARTED.load(Ordering::Acquire) {\n        STARTED.store(true, Ordering::Release);\n        init();\n    }\n}\n";
    let d = lint(src);
    let d: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "atomic-check-then-act")
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    let s = d[0].suggestion.as_ref().unwrap();
    assert_eq!(s.edits.len(), 2);
    let mut text = src.to_string();
    for e in s.edits.iter().rev() {
        text.replace_range(e.span.start..e.span.end, &e.replacement);
    }
    assert!(
        text.contains("if !STARTED.swap(true, Ordering::AcqRel) {\n        init();"),
        "{text}"
    );
}

#[test]
fn atomic_fetch_sub_and_near_misses() {
    let src = r#"
use std::sync::atomic::{AtomicU64, Ordering};
struct A { bal: AtomicU64 }
impl A {
    fn w(&self, amt: u64) -> bool {
        if self.bal.load(Ordering::SeqCst) >= amt {
            self.bal.fetch_sub(amt, Ordering::SeqCst);
            return true;
        }
        false
    }
    fn ok(&self, amt: u64) -> bool {
        self.bal.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |b| b.checked_sub(amt)).is_ok()
    }
    fn ok2(&mut self) {
        if self.bal.load(Ordering::SeqCst) > 0 { self.bal.store(0, Ordering::SeqCst); }
    }
}
"#;
    let d = lint(src);
    let d: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "atomic-check-then-act")
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].suggestion
            .as_ref()
            .unwrap()
            .message
            .contains("fetch_update")
    );
}

#[test]
fn lazy_cell_and_option() {
    let src = r#"
use std::sync::{Mutex, OnceLock};
static CFG: OnceLock<String> = OnceLock::new();
struct S { conn: Mutex<Option<u32>> }
fn f() {
    if CFG.get().is_none() {
        CFG.set(load()).unwrap();
    }
}
fn dropped() {
    // the loser's value is dropped and nobody keeps it: quiet
    if CFG.get().is_none() {
        let _ = CFG.set(load());
    }
}
impl S {
    fn c(&self) {
        if self.conn.lock().unwrap().is_none() {
            *self.conn.lock().unwrap() = Some(connect());
        }
    }
    fn ok(&self) {
        self.conn.lock().unwrap().get_or_insert_with(connect);
        let _ = CFG.get_or_init(load);
    }
}
"#;
    let d = lint(src);
    let d: Vec<_> = d.iter().filter(|d| d.rule == "lazy-init-race").collect();
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(
        d[0].suggestion.as_ref().unwrap().edits[0].replacement,
        "CFG.get_or_init(|| load());"
    );
}

#[test]
fn fs_toctou_and_near_misses() {
    let src = r#"
use std::fs::{self, File, OpenOptions};
use std::path::Path;
fn a(cache_p: &Path) -> std::io::Result<()> {
    if !cache_p.exists() { File::create(cache_p)?; }
    Ok(())
}
fn b(cache_p: &Path) -> std::io::Result<()> {
    if !cache_p.exists() { fs::create_dir_all(cache_p)?; }
    OpenOptions::new().write(true).create_new(true).open(cache_p)?;
    Ok(())
}
fn c(cache_p: &Path, q: &Path) -> std::io::Result<()> {
    if !cache_p.exists() { File::create(q)?; }
    Ok(())
}
#[test]
fn t() { let cache_p = Path::new("x"); if !cache_p.exists() { File::create(cache_p).unwrap(); } }
"#;
    assert_eq!(ids(src), vec!["fs-toctou"]);
}

fn apply(src: &str, d: &Diagnostic) -> String {
    let mut text = src.to_string();
    let mut edits = d.suggestion.as_ref().expect("a suggestion").edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        text.replace_range(e.span.start..e.span.end, &e.replacement);
    }
    text
}

#[test]
fn atomic_early_exit_rewrites_keep_the_meaning() {
    let src = "use std::sync::atomic::{AtomicUsize, AtomicBool, Ordering};\nstruct L { active: AtomicUsize, closed: AtomicBool, max: usize }\nimpl L {\n    fn acquire(&self) -> bool {\n        if self.active.load(Ordering::SeqCst) >= self.max {\n            return false;\n        }\n        self.active.fetch_add(1, Ordering::SeqCst);\n        true\n    }\n    fn close(&self) {\n        if self.closed.load(Ordering::SeqCst) {\n            return;\n        }\n        self.closed.store(true, Ordering::SeqCst);\n        cleanup();\n    }\n}\n";
    let d = lint(src);
    let d: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "atomic-check-then-act")
        .collect();
    assert_eq!(d.len(), 2, "{d:#?}");
    let fixed = apply(src, d[0]);
    assert!(
        fixed.contains("if self.active.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |v| (!(v >= self.max)).then(|| v + 1)).is_err() {\n            return false;\n        }\n        true"),
        "{fixed}"
    );
    let fixed = apply(src, d[1]);
    assert!(
        fixed.contains("if self.closed.swap(true, Ordering::SeqCst) {\n            return;\n        }\n        cleanup();"),
        "{fixed}"
    );
}

#[test]
fn atomic_fetch_update_parenthesizes_the_operand_and_captures_no_local() {
    let src = "use std::sync::atomic::{AtomicU64, Ordering::SeqCst};\nstruct A { balance: AtomicU64 }\nimpl A {\n    fn withdraw(&self, amount: u64, fee: u64) -> bool {\n        if self.balance.load(SeqCst) >= amount + fee {\n            self.balance.fetch_sub(amount + fee, SeqCst);\n            return true;\n        }\n        false\n    }\n    fn take(&self, v: u64) -> bool {\n        if self.balance.load(SeqCst) >= v {\n            self.balance.fetch_sub(v, SeqCst);\n            return true;\n        }\n        false\n    }\n}\n";
    let d = lint(src);
    let d: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "atomic-check-then-act")
        .collect();
    assert_eq!(d.len(), 2, "{d:#?}");
    let fixed = apply(src, d[0]);
    assert!(
        fixed.contains("|v| (v >= amount + fee).then(|| v - (amount + fee))"),
        "{fixed}"
    );
    let fixed = apply(src, d[1]);
    assert!(
        fixed.contains("|cur| (cur >= v).then(|| cur - v)"),
        "{fixed}"
    );
}

#[test]
fn map_edition_2024_if_let_else_is_reported() {
    // 2021 keeps the scrutinee guard through `else` (a deadlock, not this rule); 2024 drops it
    let src = "use std::sync::Mutex;\nuse std::collections::HashMap;\nfn f(m: &Mutex<HashMap<u32, u32>>, k: u32) -> u32 {\n    if let Some(v) = m.lock().unwrap().get(&k) {\n        *v\n    } else {\n        m.lock().unwrap().insert(k, 1);\n        1\n    }\n}\n";
    let n = |ed| {
        lint_ed(src, ed)
            .iter()
            .filter(|d| d.rule == "map-check-then-insert")
            .count()
    };
    assert_eq!(n(Edition::E2021), 0);
    assert_eq!(n(Edition::E2024), 1);
}

#[test]
fn fs_create_edit_and_grouping() {
    let src = "use std::fs::{self, File};\nuse std::path::Path;\nfn f(cache_p: &Path) -> std::io::Result<()> {\n    if !cache_p.exists() {\n        File::create(cache_p)?;\n    }\n    Ok(())\n}\nfn g(cache_p: &Path) -> std::io::Result<()> {\n    if cache_p.exists() {\n        fs::remove_file(cache_p)?;\n        fs::remove_dir_all(cache_p)?;\n    }\n    Ok(())\n}\n";
    let d = lint(src);
    let d: Vec<_> = d.iter().filter(|d| d.rule == "fs-toctou").collect();
    assert_eq!(d.len(), 2, "{d:#?}");
    assert!(
        apply(src, d[0])
            .contains("std::fs::OpenOptions::new().write(true).create_new(true).open(cache_p)?;")
    );
    assert_eq!(
        d[1].labels.len(),
        2,
        "one diagnostic, both removes labelled"
    );
}

#[test]
fn fs_rename_away_keeps_both_arguments_and_is_not_called_a_removal() {
    // paths under the shared temporary directory: another process can act on them
    let src = "use std::fs;\nfn restore() -> std::io::Result<()> {\n    let backup = std::env::temp_dir().join(\"b\");\n    let live = std::env::temp_dir().join(\"l\");\n    if backup.exists() {\n        fs::rename(backup, live)?;\n    }\n    Ok(())\n}\n";
    let d = lint(src);
    let d: Vec<_> = d.iter().filter(|d| d.rule == "fs-toctou").collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    let help = d[0].advice().unwrap();
    assert!(help.starts_with("rename without checking"), "{help}");
    assert!(!help.contains("remove"), "{help}");
    assert!(
        apply(src, d[0]).contains("    match fs::rename(backup, live) {\n        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}\n        r => r?,\n    }\n"),
        "{}",
        apply(src, d[0])
    );
    assert!(
        d[0].message.contains("moved away by `fs::rename`"),
        "{}",
        d[0].message
    );
    assert_eq!(
        d[0].labels[0].message,
        "moved away here, in a separate step"
    );
}

#[test]
fn drop_calls_are_told_from_their_first_bytes() {
    use super::is_drop_call;
    assert_eq!(is_drop_call(""), Some(true));
    assert_eq!(is_drop_call("drop(g)"), Some(true));
    assert_eq!(is_drop_call("std::mem::drop(g)"), Some(true));
    assert_eq!(is_drop_call("std::me"), None);
    assert_eq!(is_drop_call(") { if a {"), Some(false));
    assert_eq!(is_drop_call("let y = 1"), Some(false));
}

#[test]
fn a_set_checked_across_an_await_is_not_told_to_use_entry() {
    let src = "use std::collections::HashSet;\nuse tokio::sync::Mutex;\nasync fn once(seen: &Mutex<HashSet<u64>>, key: u64) {\n    if !seen.lock().await.contains(&key) {\n        load(key).await;\n        seen.lock().await.insert(key);\n    }\n}\n";
    let d = lint(src);
    let d: Vec<_> = d
        .iter()
        .filter(|d| d.rule == "map-check-then-insert")
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    let help = d[0].advice().unwrap();
    assert!(!help.contains("entry("), "{help}");
    assert!(
        help.contains("`seen.lock().await.insert(key)` returns `false`"),
        "{help}"
    );
}

#[test]
fn fs_create_dir_and_remove_tolerate_the_race_error_instead_of_checking() {
    let src = "use std::fs;\nfn a() -> std::io::Result<()> {\n    let d = std::env::temp_dir().join(\"d\");\n    if !d.exists() {\n        fs::create_dir(d)?;\n    }\n    Ok(())\n}\nfn b() -> std::io::Result<()> {\n    let p = std::env::temp_dir().join(\"p\");\n    if p.exists() {\n        fs::remove_file(p)?;\n        log();\n    }\n    Ok(())\n}\n";
    let d = lint(src);
    let d: Vec<_> = d.iter().filter(|d| d.rule == "fs-toctou").collect();
    assert_eq!(d.len(), 2, "{d:#?}");
    assert_eq!(
        apply(src, d[0]),
        src.replace(
            "    if !d.exists() {\n        fs::create_dir(d)?;\n    }\n",
            "    match fs::create_dir(d) {\n        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}\n        r => r?,\n    }\n"
        )
    );
    // more than the act in the block: the advice only
    assert!(d[1].suggestion.is_none());
}

#[test]
fn double_checked_locking_on_a_static_mut_becomes_atomic_only_with_the_recheck() {
    let with = "use std::sync::Mutex;\nstatic mut INIT: bool = false;\nstatic L: Mutex<()> = Mutex::new(());\npub fn init() {\n    unsafe {\n        if !INIT {\n            let _g = L.lock().unwrap();\n            if !INIT {\n                setup();\n                INIT = true;\n            }\n        }\n    }\n}\nfn setup() {}\n";
    let d = lint(with);
    let d: Vec<_> = d.iter().filter(|d| d.rule == "lazy-init-race").collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    let fixed = apply(with, d[0]);
    assert!(
        fixed.contains("static INIT: std::sync::atomic::AtomicBool"),
        "{fixed}"
    );
    assert_eq!(
        fixed
            .matches("INIT.load(std::sync::atomic::Ordering::SeqCst)")
            .count(),
        2,
        "{fixed}"
    );
    // no re-check under the lock: atomics alone would leave the race, so no edit
    let without = with.replace("            if !INIT {\n                setup();\n                INIT = true;\n            }\n", "            setup();\n            INIT = true;\n");
    let d = lint(&without);
    let d: Vec<_> = d.iter().filter(|d| d.rule == "lazy-init-race").collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].suggestion.is_none(), "{:?}", d[0].suggestion);
}
