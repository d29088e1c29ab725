//! The test-corpus harness: every `.rs` file under `test-corpus/` is linted through the
//! library (not the binary).
//!
//! - A line carrying `//~ RULE-ID` (or `//~ category`; several names separated by spaces or
//!   commas, a name repeated for several findings) must get a finding of that rule whose
//!   primary span starts on that line; nothing else may be reported.
//! - Files under any `ok/` directory must produce nothing.
//! - Each file is its own workspace, unless it is in a directory holding a
//!   `racelint-workspace` marker file: then that directory (recursively) is one workspace.
//! - Layout: `test-corpus/<category>/<rule-id>/` holds the rule's cases (`basic.rs` and files
//!   named by shape, workspaces as directories) and `ok/` its near misses; a case that also
//!   exercises other rules carries their markers too.
//! - A file that does not parse is a failure.
//!
//! Every mismatch of every file is printed before the test fails.
//!
//! Besides the markers (rule and line), the full human output of every finding (message,
//! column, labels, notes, help and edit) is snapshotted per rule in
//! `tests/snapshots/corpus__<rule-id>.snap`, so that a change in wording, position or rewrite
//! shows in review (`cargo insta review`, or `INSTA_UPDATE=always cargo test --test corpus`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use racelint::config::Selector;
use racelint::engine::{self, Options, Report};

const MARKER: &str = "racelint-workspace";

/// `test-corpus`, relative: findings then carry paths that are the same on every machine.
fn corpus_root() -> PathBuf {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("the crate's directory");
    PathBuf::from("test-corpus")
}

/// All `.rs` files and workspace directories under `dir`, sorted.
fn collect(dir: &Path, files: &mut Vec<PathBuf>, workspaces: &mut Vec<PathBuf>) {
    if dir.join(MARKER).is_file() {
        workspaces.push(dir.to_path_buf());
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, files, workspaces);
        } else if p.extension().is_some_and(|e| e == "rs") {
            files.push(p);
        }
    }
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The names after `//~` on each line (1-based line numbers). Names are tokens of lowercase
/// letters, digits and `-`; the list ends at the first other token.
fn markers(text: &str) -> (BTreeMap<usize, Vec<String>>, Vec<String>) {
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(pos) = line.find("//~") else {
            continue;
        };
        let mut names = Vec::new();
        for tok in line[pos + 3..]
            .split([' ', ',', '\t'])
            .filter(|t| !t.is_empty())
        {
            if !tok
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                break;
            }
            match Selector::parse(tok) {
                Some(Selector::Rule(_)) | Some(Selector::Category(_)) => {
                    names.push(tok.to_string())
                }
                _ => problems.push(format!(
                    "line {}: `//~ {tok}` names no rule or category",
                    i + 1
                )),
            }
        }
        if names.is_empty() && problems.is_empty() {
            problems.push(format!("line {}: `//~` names nothing", i + 1));
        }
        out.insert(i + 1, names);
    }
    (out, problems)
}

fn in_ok_dir(p: &Path) -> bool {
    p.components().any(|c| c.as_os_str() == "ok")
}

fn lint(path: &Path) -> Report {
    let opts = Options {
        paths: vec![path.to_path_buf()],
        jobs: Some(1),
        crate_context: false,
        // the corpus is test data inside racelint's own package
        all_files: true,
        ..Options::default()
    };
    match engine::check(&opts) {
        Ok(r) => r,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// A reported finding: rule, category, message.
type Finding = (String, String, String);

/// Compare one report with the markers of the files it covers; returns the problems, by file.
fn compare(report: &Report, files: &[PathBuf], root: &Path) -> BTreeMap<String, Vec<String>> {
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    // findings per (file, line)
    let mut found: BTreeMap<(String, usize), Vec<Finding>> = BTreeMap::new();
    for d in &report.diagnostics {
        let line = report
            .sources
            .get(&d.file)
            .map(|s| s.line_col(d.span.start).line)
            .unwrap_or(0);
        found.entry((d.file.clone(), line)).or_default().push((
            d.rule.to_string(),
            d.category.to_string(),
            d.message.clone(),
        ));
    }
    for e in &report.errors {
        problems.entry(e.file.clone()).or_default().push(format!(
            "could not be analysed: {} (line {:?}, column {:?})",
            e.message, e.line, e.column
        ));
    }
    let shown = |p: &Path| p.to_string_lossy().replace('\\', "/");
    for f in files {
        let key = shown(f);
        let name = f.strip_prefix(root).unwrap_or(f).display().to_string();
        let text = match std::fs::read_to_string(f) {
            Ok(t) => t,
            Err(e) => {
                problems
                    .entry(name)
                    .or_default()
                    .push(format!("cannot read: {e}"));
                continue;
            }
        };
        let (expected, bad) = markers(&text);
        let mine = problems.entry(name.clone()).or_default();
        mine.extend(bad);
        if in_ok_dir(f) && !expected.is_empty() {
            mine.push("a file under `ok/` carries `//~` markers".into());
        }
        let lines: Vec<usize> = found
            .keys()
            .filter(|(file, _)| *file == key)
            .map(|(_, l)| *l)
            .chain(expected.keys().copied())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        for line in lines {
            let mut got = found.remove(&(key.clone(), line)).unwrap_or_default();
            let want = expected.get(&line).cloned().unwrap_or_default();
            let mut missing = Vec::new();
            for name in &want {
                // an exact rule id first, then a category
                let i = got
                    .iter()
                    .position(|(r, _, _)| r == name)
                    .or_else(|| got.iter().position(|(_, c, _)| c == name));
                match i {
                    Some(i) => {
                        got.remove(i);
                    }
                    None => missing.push(name.clone()),
                }
            }
            let src_line = text
                .lines()
                .nth(line.saturating_sub(1))
                .unwrap_or("")
                .trim();
            for m in missing {
                mine.push(format!(
                    "line {line}: expected `{m}`, not reported\n      | {src_line}"
                ));
            }
            for (rule, _, msg) in got {
                mine.push(format!(
                    "line {line}: unexpected `{rule}`: {msg}\n      | {src_line}"
                ));
            }
        }
    }
    // findings in files of the report that are not in `files` (should not happen)
    for ((file, line), got) in found {
        for (rule, _, msg) in got {
            problems
                .entry(file.clone())
                .or_default()
                .push(format!("line {line}: unexpected `{rule}`: {msg}"));
        }
    }
    problems.retain(|_, v| !v.is_empty());
    problems
}

#[test]
fn test_corpus() {
    let root = corpus_root();
    let mut files = Vec::new();
    let mut workspaces = Vec::new();
    collect(&root, &mut files, &mut workspaces);
    let mut problems: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut checked = 0;
    let mut reports = Vec::new();
    for f in &files {
        let report = lint(f);
        checked += 1;
        problems.extend(compare(&report, std::slice::from_ref(f), &root));
        reports.push(report);
    }
    for ws in &workspaces {
        let mut members = Vec::new();
        rs_files(ws, &mut members);
        let report = lint(ws);
        checked += members.len();
        problems.extend(compare(&report, &members, &root));
        reports.push(report);
    }
    snapshot_per_rule(&reports);
    if !problems.is_empty() {
        let mut msg = format!(
            "test-corpus: {} of {checked} files do not match their `//~` markers:\n",
            problems.len()
        );
        for (file, ps) in &problems {
            msg.push_str(&format!("\n{file}:\n"));
            for p in ps {
                msg.push_str(&format!("  - {p}\n"));
            }
        }
        panic!("{msg}");
    }
    eprintln!(
        "test-corpus: {checked} files ({} workspaces) match their markers",
        workspaces.len()
    );
}

/// The human output of every finding of each rule over the whole corpus, one snapshot per rule.
fn snapshot_per_rule(reports: &[Report]) {
    for rule in racelint::rules::RULES {
        let mut merged = Report::default();
        for r in reports {
            for d in r.diagnostics.iter().filter(|d| d.rule == rule.id) {
                merged.diagnostics.push(d.clone());
                for file in
                    std::iter::once(&d.file).chain(d.labels.iter().filter_map(|l| l.file.as_ref()))
                {
                    if let Some(src) = r.sources.get(file) {
                        merged.sources.insert(file.clone(), src.clone());
                    }
                }
                if let Some(items) = r.items.get(&d.file) {
                    merged.items.insert(d.file.clone(), items.clone());
                }
            }
        }
        merged
            .diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        merged.files_scanned = merged.sources.len();
        let opts = racelint::render::RenderOptions {
            quiet: true,
            ..Default::default()
        };
        let text = racelint::render::render(racelint::render::Format::Human, &merged, &opts);
        insta::assert_snapshot!(rule.id, text);
    }
}

/// Every rule has its folder `test-corpus/<category>/<rule-id>/` with a file that carries its
/// marker and an `ok/` folder of near misses.
#[test]
fn every_rule_has_a_corpus_folder() {
    let root = corpus_root();
    let mut missing = Vec::new();
    for rule in racelint::rules::RULES {
        let dir = root.join(rule.category).join(rule.id);
        let mut files = Vec::new();
        rs_files(&dir, &mut files);
        let marked = files.iter().any(|f| {
            !in_ok_dir(f)
                && std::fs::read_to_string(f)
                    .is_ok_and(|t| markers(&t).0.values().flatten().any(|n| n == rule.id))
        });
        if !marked {
            missing.push(format!("{}: no file with `//~ {}`", dir.display(), rule.id));
        }
        if !files.iter().any(|f| in_ok_dir(f)) {
            missing.push(format!("{}: no ok/ file", dir.display()));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn marker_parsing() {
    let (m, p) = markers("a(); //~ double-lock, lock-order fs-toctou (why)\nb();\nc(); //~ nope\n");
    assert_eq!(m[&1], vec!["double-lock", "lock-order", "fs-toctou"]);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(!m.contains_key(&2));
}
