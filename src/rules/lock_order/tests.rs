//! Unit tests of the `lock-order` family (the corpus under `test-corpus/lock-order/` is the
//! bigger suite).

use crate::analysis::{analyze_file, finish};
use crate::diagnostic::Diagnostic;
use crate::model::Edition;
use crate::source::SourceFile;

fn run_files(files: &[(&str, &str)], edition: Edition) -> Vec<Diagnostic> {
    let analyses = files
        .iter()
        .map(|(p, s)| analyze_file(&SourceFile::new(*p, s.to_string()), edition).expect("parses"))
        .collect();
    finish(analyses)
        .into_iter()
        .filter(|d| d.category == crate::rules::LOCK_ORDER)
        .collect()
}

fn run(src: &str) -> Vec<Diagnostic> {
    run_files(&[("t.rs", src)], Edition::E2021)
}

/// (rule, 1-based line of the primary span)
fn lines(src: &str, ds: &[Diagnostic]) -> Vec<(&'static str, usize)> {
    let sf = SourceFile::new("t.rs", src.to_string());
    ds.iter()
        .map(|d| (d.rule, sf.line_col(d.span.start).line))
        .collect()
}

#[test]
fn smoke() {
    let src = "use std::sync::Mutex;\nstruct B { a: Mutex<u32>, b: Mutex<u32> }\nimpl B {\n fn f(&self) { let x = self.a.lock().unwrap(); let y = self.b.lock().unwrap(); }\n fn g(&self) { let y = self.b.lock().unwrap(); let x = self.a.lock().unwrap(); }\n}\n";
    let ds = run(src);
    assert_eq!(
        lines(src, &ds),
        vec![("lock-order-inversion", 4)],
        "{ds:#?}"
    );
}

/// One statement nesting N acquisitions of one lock gives a finding per nested acquisition,
/// each with the same suggestion (bind the guard once before the statement); the statement's
/// text and acquisitions are looked at once, not once per finding (#17: quadratic).
#[test]
fn nested_temporaries_in_one_statement_scan_it_once() {
    // a 300-level call nest overflows the test thread's 2 MB stack in an unoptimised build
    // (syn's recursive parse): run it on a thread with room (the scan counter is per thread)
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(nested_temporaries_case)
        .unwrap()
        .join()
        .unwrap();
}

fn nested_temporaries_case() {
    let n = 300;
    let src = format!(
        "use std::sync::Mutex;\nfn f(m: &Mutex<Vec<u8>>) {{\n    let _ = {}0{};\n    g();\n}}\n",
        "m.lock().unwrap().get(".repeat(n),
        ")".repeat(n)
    );
    let before = super::double_lock::STMT_HOIST_SCANS.with(|c| c.get());
    let ds = run(&src);
    let scans = super::double_lock::STMT_HOIST_SCANS.with(|c| c.get()) - before;
    assert_eq!(ds.len(), n - 1, "{:#?}", ds.first());
    assert_eq!(scans, 1);
    let first = ds[0].suggestion.as_ref().expect("a suggestion");
    // the `let`, each acquisition, the `drop` after the statement
    assert_eq!(first.edits.len(), n + 2);
    for d in &ds {
        assert_eq!(d.suggestion.as_ref().unwrap().edits, first.edits);
    }
}
