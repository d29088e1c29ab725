//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use racelint::diagnostic::{Applicability, Span};
use racelint::engine::Report;
use racelint::source::SourceFile;

/// The `racelint` binary under test, run in `dir`, colours off by default (stdout is a pipe,
/// and the colour variables of the caller's environment are removed).
pub fn racelint(dir: &Path) -> assert_cmd::Command {
    let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_racelint"));
    c.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE");
    c
}

/// A temporary directory holding `files` (path, contents).
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (p, text) in files {
        write(dir.path(), p, text.as_bytes());
    }
    dir
}

pub fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&p, bytes).expect("write");
    p
}

/// A file with one finding that needs no rule to fire: an unused suppression (a note).
pub const UNUSED: &str =
    "fn a() {\n    // racelint: allow(double-lock) nothing to allow\n    let _x = 1;\n}\n";

/// A file with nothing to report.
pub const CLEAN: &str = "fn clean(a: u32) -> u32 {\n    a + 1\n}\n";

pub fn stdout(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stdout).into_owned()
}

pub fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

pub fn json(a: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_slice(&a.get_output().stdout).expect("stdout is JSON")
}

/// `racelint check . --format json` in `dir`: each finding as `"rule file"`.
pub fn findings(dir: &Path) -> Vec<String> {
    let out = racelint(dir)
        .args(["check", ".", "--format", "json"])
        .output()
        .expect("run racelint");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["rule"].as_str().unwrap(),
                d["file"].as_str().unwrap()
            )
        })
        .collect()
}

pub const A: &str = "use std::sync::Mutex;\n\npub fn like(m: &Mutex<State>) {\n    let n = m.lock().unwrap().likes; // é\n    m.lock().unwrap().likes = n + 1;\n}\n";
pub const B: &str = "pub struct State {\n    pub likes: u64,\n}\n";
/// Two files whose functions take two locks in opposite orders (a lock-order cycle across
/// files): `Store::flush` (index, then journal) and `Store::rebuild` (journal, then index).
pub const FLUSH: &str = "use std::sync::Mutex;\n\npub struct Store {\n    pub index: Mutex<Vec<u64>>,\n    pub journal: Mutex<Vec<String>>,\n}\n\nimpl Store {\n    pub fn flush(&self) {\n        let index = self.index.lock().unwrap();\n        let mut journal = self.journal.lock().unwrap();\n        journal.push(format!(\"{}\", index.len()));\n    }\n}\n";
pub const REBUILD: &str = "use crate::a::Store;\n\nimpl Store {\n    pub fn rebuild(&self) {\n        let mut journal = self.journal.lock().unwrap();\n        let index = self.index.lock().unwrap();\n        journal.clear();\n        drop(index);\n    }\n}\n";

/// A report with one rich finding: a label in the same file, one in another file, a note and
/// a machine-applicable suggestion; plus a note-level finding in the second file.
fn rule(id: &str) -> &'static racelint::rules::RuleMeta {
    racelint::rules::meta(id).expect("a rule id")
}

pub fn synthetic() -> Report {
    let a = SourceFile::new("src/a.rs", A.to_string());
    let b = SourceFile::new("src/b.rs", B.to_string());
    let read = A.find("m.lock().unwrap().likes;").unwrap();
    let read = Span::new(read, read + "m.lock().unwrap().likes".len());
    let write = A.find("m.lock().unwrap().likes = n + 1;").unwrap();
    let write = Span::new(write, write + "m.lock().unwrap().likes = n + 1".len());
    let field = B.find("likes").unwrap();
    let d = rule("split-critical-section").diag(
        "src/a.rs",
        read,
        "`m.likes` is read under one guard and written back under another: a concurrent update in between is lost",
    )
    .label(write, "written back here, under a second guard")
    .label_in("src/b.rs", Span::new(field, field + 5), "the field, shared through `m`")
    .note("the first guard is dropped at the end of the `let` statement")
    .suggest(
        "do the update under one guard",
        Applicability::MaybeIncorrect,
        Span::new(read.start - "let n = ".len(), write.end + 1),
        "m.lock().unwrap().likes += 1;",
    );
    let n = rule("unused-suppression").diag(
        "src/b.rs",
        Span::new(0, 3),
        "a note, with: commas, colons\nand a newline 100%",
    );
    let mut sources = BTreeMap::new();
    sources.insert("src/a.rs".to_string(), a);
    sources.insert("src/b.rs".to_string(), b);
    Report {
        diagnostics: vec![d, n],
        errors: Vec::new(),
        sources,
        paths: BTreeMap::new(),
        items: BTreeMap::from([(
            "src/a.rs".to_string(),
            vec![(Span::new(23, A.len()), "like".to_string())],
        )]),
        files_scanned: 2,
        scanned: ["src/a.rs".to_string(), "src/b.rs".to_string()]
            .into_iter()
            .collect(),
        suppressed: 0,
        elapsed: std::time::Duration::from_millis(3),
        ..Report::default()
    }
}

/// The `.rs` files under `dir`, recursively, in sorted order.
pub fn rs_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        if let Ok(rd) = std::fs::read_dir(d) {
            let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|e| e == "rs") {
                    out.push(p);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

/// The fuzzers' xorshift generator: a seed replays a run exactly.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}
