//! Unit tests of the flag-polling rules (the corpus under `test-corpus/flag-polling/` is the
//! main suite).

use crate::analysis::{analyze_file, finish};
use crate::diagnostic::Diagnostic;
use crate::model::Edition;
use crate::source::SourceFile;

pub(super) fn lint_files(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let analyses = files
        .iter()
        .map(|(p, src)| {
            analyze_file(&SourceFile::new(*p, src.to_string()), Edition::E2021).expect("parses")
        })
        .collect();
    finish(analyses)
        .into_iter()
        .filter(|d| d.category == crate::rules::FLAG_POLLING)
        .collect()
}

pub(super) fn lint(src: &str) -> Vec<Diagnostic> {
    lint_files(&[("t.rs", src)])
}

fn rules(ds: &[Diagnostic]) -> Vec<&'static str> {
    ds.iter().map(|d| d.rule).collect()
}

#[test]
fn static_mut_spin() {
    let src = "use std::thread;\nstatic mut READY: bool = false;\nfn main() {\n    thread::spawn(|| unsafe { READY = true; });\n    while unsafe { !READY } {}\n}\n";
    let ds = lint(src);
    assert_eq!(rules(&ds), vec!["non-atomic-flag"], "{ds:#?}");
    let help = &ds[0].suggestion.as_ref().unwrap().message;
    assert!(
        help.contains("static READY: AtomicBool = AtomicBool::new(false);"),
        "{help}"
    );
    assert!(
        help.contains("while !READY.load(Ordering::Acquire)"),
        "{help}"
    );
}

#[test]
fn relaxed_publication_same_file() {
    let src = "use std::sync::atomic::{AtomicBool, Ordering};\nstatic READY: AtomicBool = AtomicBool::new(false);\nstatic mut DATA: u64 = 0;\nfn writer() {\n    unsafe { DATA = 42; }\n    READY.store(true, Ordering::Relaxed);\n}\nfn reader() -> u64 {\n    while !READY.load(Ordering::Relaxed) {\n        std::hint::spin_loop();\n    }\n    unsafe { DATA }\n}\n";
    let ds = lint(src);
    assert_eq!(rules(&ds), vec!["relaxed-publication"], "{ds:#?}");
    let s = ds[0].suggestion.as_ref().unwrap();
    assert_eq!(s.edits[0].replacement, "Ordering::Acquire");
    assert!(
        ds[0].labels.iter().any(|l| l.message.contains("set here")),
        "{ds:#?}"
    );
}

#[test]
fn relaxed_stop_flag_is_silent() {
    let src = "use std::sync::atomic::{AtomicBool, Ordering};\nuse std::sync::Arc;\nfn run(stop: Arc<AtomicBool>) {\n    while !stop.load(Ordering::Relaxed) {\n        work();\n    }\n}\nfn stop(stop: &AtomicBool) { stop.store(true, Ordering::Relaxed); }\n";
    assert!(lint(src).is_empty());
}

#[test]
fn spin_on_lock_while() {
    let src = "use std::sync::{Arc, Mutex};\nfn wait(done: Arc<Mutex<bool>>) {\n    while !*done.lock().unwrap() {}\n}\n";
    let ds = lint(src);
    assert_eq!(rules(&ds), vec!["spin-on-lock"], "{ds:#?}");
    let help = &ds[0].suggestion.as_ref().unwrap().message;
    assert!(
        help.contains("cvar.wait_while(done.lock().unwrap(), |g| !*g)"),
        "{help}"
    );
}

#[test]
fn flag_store_cross_file() {
    let a = "use std::sync::atomic::{AtomicBool, Ordering};\npub struct Shared { pub ready: AtomicBool }\nimpl Shared {\n    pub fn publish(&self) {\n        self.ready.store(true, Ordering::Relaxed);\n    }\n}\n";
    let b = "use std::sync::atomic::Ordering;\nimpl Shared {\n    pub fn wait(&self) {\n        while !self.ready.load(Ordering::Acquire) { std::hint::spin_loop(); }\n    }\n}\n";
    let ds = lint_files(&[("a.rs", a), ("b.rs", b)]);
    assert_eq!(rules(&ds), vec!["relaxed-flag-store"], "{ds:#?}");
    assert_eq!(ds[0].labels[0].file.as_deref(), Some("b.rs"));
}

/// The family's corpus: every `//~ RULE` marker must be matched by a flag-polling diagnostic
/// starting on that line, and no other flag-polling diagnostic may appear.
#[test]
fn corpus() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus/flag-polling");
    let mut units: Vec<Vec<std::path::PathBuf>> = Vec::new();
    fn walk(dir: &std::path::Path, units: &mut Vec<Vec<std::path::PathBuf>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        let files: Vec<_> = entries
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .cloned()
            .collect();
        if dir.join("racelint-workspace").exists() {
            units.push(files);
        } else {
            units.extend(files.into_iter().map(|f| vec![f]));
        }
        for d in entries.iter().filter(|p| p.is_dir()) {
            walk(d, units);
        }
    }
    walk(&root, &mut units);
    let mut failures = Vec::new();
    let mut positives = 0;
    for unit in &units {
        let srcs: Vec<(String, String)> = unit
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
            .collect();
        let refs: Vec<(&str, &str)> = srcs.iter().map(|(p, s)| (p.as_str(), s.as_str())).collect();
        let ds = lint_files(&refs);
        let mut expected: Vec<(String, usize, String)> = Vec::new();
        for (p, s) in &srcs {
            for (i, line) in s.lines().enumerate() {
                if let Some(pos) = line.find("//~ ") {
                    expected.push((p.clone(), i + 1, line[pos + 4..].trim().to_string()));
                }
            }
        }
        positives += expected.len();
        let mut got: Vec<(String, usize, String)> = ds
            .iter()
            .map(|d| {
                let src = &srcs
                    .iter()
                    .find(|(p, _)| *p == d.file)
                    .unwrap_or_else(|| panic!("diagnostic in an unknown file {}", d.file))
                    .1;
                let line = src[..d.span.start].matches('\n').count() + 1;
                (d.file.clone(), line, d.rule.to_string())
            })
            .collect();
        got.sort();
        expected.sort();
        for e in &expected {
            if !got.contains(e) {
                failures.push(format!("missing {}:{} {}", e.0, e.1, e.2));
            }
        }
        for g in &got {
            if !expected.contains(g) {
                let d = ds.iter().find(|d| d.file == g.0 && d.rule == g.2).unwrap();
                failures.push(format!("unexpected {}:{} {}: {}", g.0, g.1, g.2, d.message));
            }
        }
    }
    assert!(positives >= 20, "only {positives} markers");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn loop_break_form_finds_its_writer_but_not_the_reset() {
    let src = "use std::sync::atomic::{AtomicBool, Ordering};\nstatic READY: AtomicBool = AtomicBool::new(false);\nstatic mut DATA: u64 = 0;\nfn reset() {\n    READY.store(false, Ordering::Relaxed);\n}\nfn produce() {\n    unsafe { DATA = 1 };\n    READY.store(true, Ordering::Relaxed);\n}\nfn consume() {\n    loop {\n        if READY.load(Ordering::Relaxed) {\n            break;\n        }\n        std::thread::yield_now();\n    }\n}\n";
    let ds = lint(src);
    assert_eq!(rules(&ds), vec!["relaxed-publication"], "{ds:#?}");
    let set: Vec<_> = ds[0]
        .labels
        .iter()
        .filter(|l| l.message.contains("set here"))
        .collect();
    assert_eq!(set.len(), 1, "{ds:#?}");
    assert_eq!(
        &src[set[0].span.start..set[0].span.end],
        "READY.store(true, Ordering::Relaxed)"
    );
}

#[test]
fn acquire_reader_with_return_guard_observes_true() {
    // `if !f.load(Acquire) { return }` acquires on `true`: a Relaxed `store(true)` is reported,
    // a Relaxed `store(false)` (reset) is not
    let src = "use std::sync::atomic::{AtomicBool, Ordering};\nstruct S { done: AtomicBool }\nimpl S {\n    fn finish(&self) { self.done.store(true, Ordering::Relaxed); }\n    fn clear(&self) { self.done.store(false, Ordering::Relaxed); }\n    fn get(&self) -> Option<u32> {\n        if !self.done.load(Ordering::Acquire) {\n            return None;\n        }\n        Some(1)\n    }\n}\n";
    let ds = lint(src);
    assert_eq!(rules(&ds), vec!["relaxed-flag-store"], "{ds:#?}");
    assert!(src[ds[0].span.start..].starts_with("self.done.store(true"));
}
