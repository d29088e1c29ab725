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
    // the declaration and both uses change together
    let edits: Vec<&str> = ds[0]
        .suggestion
        .as_ref()
        .expect("an edit")
        .edits
        .iter()
        .map(|e| e.replacement.as_str())
        .collect();
    assert_eq!(
        edits,
        [
            "",
            "std::sync::atomic::AtomicBool",
            "std::sync::atomic::AtomicBool::new(false)",
            "READY.store(true, std::sync::atomic::Ordering::SeqCst)",
            "READY.load(std::sync::atomic::Ordering::SeqCst)",
        ]
    );
    // taken by address: the advice only
    let src = "use std::thread;\nstatic mut READY: bool = false;\nfn main() {\n    thread::spawn(|| unsafe { READY = true; });\n    while unsafe { !std::ptr::read(std::ptr::addr_of!(READY)) } {}\n    while unsafe { !READY } {}\n}\n";
    let ds = lint(src);
    let d = ds
        .iter()
        .find(|d| d.message.contains("polling `static mut READY`"))
        .expect("reported");
    assert!(d.suggestion.is_none());
    let help = d.advice().unwrap();
    assert!(
        help.contains("static READY: AtomicBool = AtomicBool::new(false);"),
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
    let help = ds[0].advice().unwrap();
    assert!(
        help.contains("cvar.wait_while(done.lock().unwrap(), |g| !*g)"),
        "{help}"
    );
}

#[test]
fn flag_store_cross_file() {
    let a = "use std::sync::atomic::{AtomicBool, Ordering};\npub struct Shared { pub ready: AtomicBool }\nimpl Shared {\n    pub fn publish(&self) {\n        prepare();\n        self.ready.store(true, Ordering::Relaxed);\n    }\n}\n";
    let b = "use std::sync::atomic::Ordering;\nimpl Shared {\n    pub fn wait(&self) {\n        while !self.ready.load(Ordering::Acquire) { std::hint::spin_loop(); }\n    }\n}\n";
    let ds = lint_files(&[("a.rs", a), ("b.rs", b)]);
    assert_eq!(rules(&ds), vec!["relaxed-flag-store"], "{ds:#?}");
    assert_eq!(ds[0].labels[0].file.as_deref(), Some("b.rs"));
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
    let src = "use std::sync::atomic::{AtomicBool, Ordering};\nstruct S { done: AtomicBool }\nimpl S {\n    fn finish(&self) { compute(); self.done.store(true, Ordering::Relaxed); }\n    fn clear(&self) { self.done.store(false, Ordering::Relaxed); }\n    fn get(&self) -> Option<u32> {\n        if !self.done.load(Ordering::Acquire) {\n            return None;\n        }\n        Some(1)\n    }\n}\n";
    let ds = lint(src);
    assert_eq!(rules(&ds), vec!["relaxed-flag-store"], "{ds:#?}");
    assert!(src[ds[0].span.start..].starts_with("self.done.store(true"));
}
