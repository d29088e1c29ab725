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

/// The corpus cases of this module's rules (files of the other read-modify-write rules are
/// skipped): every `//~ ID` line must carry a diagnostic of `ID` starting on it, and no other
/// line may carry one of this module's diagnostics.
#[test]
fn corpus() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus/read-modify-write");
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                if !["store", "kv", "sql"].iter().any(|w| name.contains(w)) {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for p in &files {
        let src = std::fs::read_to_string(p).unwrap();
        let sf = SourceFile::new(p.to_string_lossy(), src.clone());
        let mut expected: Vec<(usize, String)> = Vec::new();
        for (i, l) in src.lines().enumerate() {
            if let Some(pos) = l.find("//~") {
                for id in l[pos + 3..].split_whitespace() {
                    if OURS.contains(&id) {
                        expected.push((i + 1, id.to_string()));
                    }
                }
            }
        }
        let mut got: Vec<(usize, String)> = lint(&src)
            .iter()
            .filter(|d| OURS.contains(&d.rule))
            .map(|d| (sf.line_col(d.span.start).line, d.rule.to_string()))
            .collect();
        got.sort();
        expected.sort();
        if got != expected {
            failures.push(format!(
                "{}: expected {expected:?}, got {got:?}",
                p.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `RMW_DUMP=path cargo test --lib dump -- --nocapture` prints a file's diagnostics.
#[test]
fn dump() {
    let Ok(path) = std::env::var("RMW_DUMP") else {
        return;
    };
    let src = std::fs::read_to_string(&path).unwrap();
    let sf = SourceFile::new(path.clone(), src.clone());
    for d in lint(&src) {
        let lc = sf.line_col(d.span.start);
        println!(
            "{}:{} {} {}\n  `{}`",
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
