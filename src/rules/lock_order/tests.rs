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

/// Every file (or `racelint-workspace` directory) under `test-corpus/lock-order/`: the
/// lock-order diagnostics must be exactly the `//~ RULE` markers.
#[test]
fn corpus() {
    use std::path::{Path, PathBuf};
    fn groups(dir: &Path, out: &mut Vec<Vec<PathBuf>>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        let ws = entries
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == "racelint-workspace"));
        let rs: Vec<PathBuf> = entries
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .cloned()
            .collect();
        if ws {
            out.push(rs);
        } else {
            out.extend(rs.into_iter().map(|p| vec![p]));
        }
        for p in entries.iter().filter(|p| p.is_dir()) {
            groups(p, out);
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-corpus/lock-order");
    let mut all = Vec::new();
    groups(&root, &mut all);
    let mut failures = Vec::new();
    let mut counts = std::collections::BTreeMap::new();
    for group in all {
        let srcs: Vec<(String, String)> = group
            .iter()
            .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
            .collect();
        let refs: Vec<(&str, &str)> = srcs.iter().map(|(p, s)| (p.as_str(), s.as_str())).collect();
        // the edition of the nearest Cargo.toml, as the engine does (this crate: 2024)
        let edition = crate::engine::EditionCache::default().edition_for(&group[0]);
        let ds = run_files(&refs, edition);
        let mut expected = Vec::new();
        for (p, s) in &srcs {
            for (i, line) in s.lines().enumerate() {
                if let Some(pos) = line.find("//~ ") {
                    for id in line[pos + 4..].split_whitespace() {
                        expected.push((p.clone(), i + 1, id.to_string()));
                        *counts.entry(id.to_string()).or_insert(0) += 1;
                    }
                }
            }
        }
        let mut got = Vec::new();
        for d in &ds {
            let text = &srcs.iter().find(|(p, _)| *p == d.file).unwrap().1;
            let sf = SourceFile::new(d.file.clone(), text.clone());
            got.push((
                d.file.clone(),
                sf.line_col(d.span.start).line,
                d.rule.to_string(),
            ));
        }
        expected.sort();
        got.sort();
        if expected != got {
            let missing: Vec<_> = expected.iter().filter(|e| !got.contains(e)).collect();
            let extra: Vec<_> = ds
                .iter()
                .zip(got.iter())
                .filter(|(_, g)| !expected.contains(g))
                .map(|(d, g)| format!("{g:?}: {}", d.message))
                .collect();
            failures.push(format!(
                "{:?}\n  missing: {missing:?}\n  extra: {extra:#?}",
                group
            ));
        }
    }
    eprintln!("markers per rule: {counts:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `LOCK_ORDER_DUMP=path.rs[,path2.rs] cargo test --lib lock_order::tests::dump -- --ignored
/// --nocapture`: print the family's diagnostics for files (one workspace).
#[test]
#[ignore]
fn dump() {
    let Ok(paths) = std::env::var("LOCK_ORDER_DUMP") else {
        return;
    };
    let srcs: Vec<(String, String)> = paths
        .split(',')
        .map(|p| (p.to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let refs: Vec<(&str, &str)> = srcs.iter().map(|(p, s)| (p.as_str(), s.as_str())).collect();
    for d in run_files(&refs, Edition::E2021) {
        let text = &srcs.iter().find(|(p, _)| *p == d.file).unwrap().1;
        let sf = SourceFile::new(d.file.clone(), text.clone());
        let lc = sf.line_col(d.span.start);
        eprintln!(
            "{}:{}:{}: {} [{}]",
            d.file, lc.line, lc.column, d.message, d.rule
        );
        for l in &d.labels {
            let f = l.file.clone().unwrap_or(d.file.clone());
            let t = &srcs.iter().find(|(p, _)| *p == f).unwrap().1;
            let lc = SourceFile::new(f.clone(), t.clone()).line_col(l.span.start);
            eprintln!("    label {}:{}:{}: {}", f, lc.line, lc.column, l.message);
        }
        for n in &d.notes {
            eprintln!("    note: {n}");
        }
        if let Some(s) = &d.suggestion {
            eprintln!("    help: {}", s.message);
        }
    }
}

/// `LOCK_ORDER_DIR=dir cargo test --lib lock_order::tests::dump_dir -- --ignored --nocapture`:
/// lint every `.rs` file under `dir` as one workspace and print the family's findings.
#[test]
#[ignore]
fn dump_dir() {
    let Ok(dir) = std::env::var("LOCK_ORDER_DIR") else {
        return;
    };
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || {
            fn walk(d: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
                for e in std::fs::read_dir(d).unwrap().flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        walk(&p, out);
                    } else if p.extension().is_some_and(|x| x == "rs") {
                        out.push(p);
                    }
                }
            }
            let mut paths = Vec::new();
            walk(std::path::Path::new(&dir), &mut paths);
            paths.sort();
            let mut texts = std::collections::HashMap::new();
            let mut analyses = Vec::new();
            for p in paths {
                let Ok(text) = std::fs::read_to_string(&p) else {
                    continue;
                };
                let path = p.display().to_string();
                if let Ok(a) =
                    analyze_file(&SourceFile::new(path.clone(), text.clone()), Edition::E2021)
                {
                    analyses.push(a);
                    texts.insert(path, text);
                }
            }
            let t = std::time::Instant::now();
            let ds: Vec<Diagnostic> = finish(analyses)
                .into_iter()
                .filter(|d| d.category == crate::rules::LOCK_ORDER)
                .collect();
            eprintln!("workspace phase: {:?}, {} findings", t.elapsed(), ds.len());
            for d in ds {
                let sf = SourceFile::new(d.file.clone(), texts[&d.file].clone());
                let lc = sf.line_col(d.span.start);
                eprintln!(
                    "{}:{}:{}: {} [{}]",
                    d.file, lc.line, lc.column, d.message, d.rule
                );
                for l in &d.labels {
                    let f = l.file.clone().unwrap_or(d.file.clone());
                    let lc = SourceFile::new(f.clone(), texts[&f].clone()).line_col(l.span.start);
                    eprintln!("    label {}:{}: {}", f, lc.line, l.message);
                }
                for n in &d.notes {
                    eprintln!("    note: {n}");
                }
            }
        })
        .unwrap()
        .join()
        .unwrap();
}
