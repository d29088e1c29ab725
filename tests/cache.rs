//! The per-file cache: the same output with and without it, byte for byte; an unchanged file
//! is read back, not analysed again; a changed file, a corrupt entry or another config are
//! analysed again; a cache that cannot be written is no error.

mod common;

use common::{A, B, CLEAN, UNUSED, racelint, stdout, tree, write};
use std::path::Path;

/// A tree whose findings need the workspace phase (`A` uses the struct `B` defines) and a
/// suppression, under a crate.
fn project() -> tempfile::TempDir {
    tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", "mod a;\nmod b;\nmod c;\nmod d;\n"),
        ("src/a.rs", A),
        ("src/b.rs", B),
        ("src/c.rs", UNUSED),
        ("src/d.rs", CLEAN),
    ])
}

fn run(dir: &Path, extra: &[&str]) -> (Vec<u8>, i32) {
    let out = racelint(dir)
        .args(["check", "--no-timing"])
        .args(extra)
        .output()
        .expect("run racelint");
    (out.stdout, out.status.code().unwrap_or(-1))
}

fn entries(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    v.retain(|p| {
        let n = p.file_name().unwrap().to_string_lossy();
        n.len() == 32 && n.chars().all(|c| c.is_ascii_hexdigit())
    });
    v.sort();
    v
}

#[test]
fn output_is_identical_with_and_without_the_cache() {
    let d = project();
    for format in ["json", "human", "sarif", "rustc-json"] {
        let plain = run(d.path(), &["--no-cache", "--format", format]);
        assert_eq!(plain.1, 1, "{}", String::from_utf8_lossy(&plain.0));
        let cold = run(d.path(), &["--format", format]);
        let warm = run(d.path(), &["--format", format]);
        assert_eq!(plain, cold, "{format}: cold cache");
        assert_eq!(plain, warm, "{format}: warm cache");
    }
    // the cache sits in the project root, is not linted, and ignores itself for git
    let cache = d.path().join(".racelint_cache");
    assert_eq!(entries(&cache).len(), 5);
    assert!(cache.join("CACHEDIR.TAG").is_file());
    assert_eq!(
        std::fs::read_to_string(cache.join(".gitignore")).unwrap(),
        "*\n"
    );
    let v: serde_json::Value =
        serde_json::from_slice(&run(d.path(), &["--format", "json"]).0).unwrap();
    assert_eq!(v["summary"]["files_scanned"], 5);
}

#[test]
fn a_changed_file_is_analysed_again() {
    let d = project();
    let cache = d.path().join("c");
    let args = ["--cache-dir", "c", "--format", "json"];
    let first = run(d.path(), &args);
    assert!(String::from_utf8_lossy(&first.0).contains("unused-suppression"));
    assert_eq!(entries(&cache).len(), 5);
    // a changed file is analysed again
    write(
        d.path(),
        "src/c.rs",
        b"fn a() {\n    // racelint: allow(lock-order) not needed\n    let _x = 2;\n}\n",
    );
    let second = run(d.path(), &args);
    let out = String::from_utf8_lossy(&second.0);
    assert!(out.contains("lock-order"), "{out}");
    let plain = run(d.path(), &["--no-cache", "--format", "json"]);
    assert_eq!(plain, second);
    // the stale entry was replaced, not added to
    assert_eq!(entries(&cache).len(), 5);
}

/// Remove the cached reports of whole runs, so that the next run reads the files' entries.
fn forget_runs(cache: &Path) {
    for e in std::fs::read_dir(cache).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with("run-") {
            std::fs::remove_file(e.path()).unwrap();
        }
    }
}

#[test]
fn a_warm_run_reads_the_stored_analysis() {
    let d = project();
    let args = ["--cache-dir", "c", "--format", "json"];
    run(d.path(), &args);
    let cache = d.path().join("c");
    forget_runs(&cache);
    // doctor the stored finding of a.rs (same length, so the entry still reads): the warm
    // run reports what the cache says, so the file was not analysed again
    let mut changed = 0;
    for e in entries(&cache) {
        let bytes = std::fs::read(&e).unwrap();
        let from = b"is read under one guard";
        let to = b"IS READ UNDER ONE GUARD";
        if let Some(at) = bytes.windows(from.len()).position(|w| w == from) {
            let mut b = bytes.clone();
            b[at..at + from.len()].copy_from_slice(to);
            std::fs::write(&e, b).unwrap();
            changed += 1;
        }
    }
    assert_eq!(changed, 1);
    let warm = String::from_utf8_lossy(&run(d.path(), &args).0).into_owned();
    let plain =
        String::from_utf8_lossy(&run(d.path(), &["--no-cache", "--format", "json"]).0).into_owned();
    assert_ne!(warm, plain, "the cached analysis of src/a.rs was not used");
    assert!(warm.contains("IS READ UNDER ONE GUARD"), "{warm}");
    assert_eq!(warm.to_lowercase(), plain.to_lowercase());
}

#[test]
fn corrupt_entries_are_ignored_and_rewritten() {
    let d = project();
    let args = ["--cache-dir", "c", "--format", "json"];
    let first = run(d.path(), &args);
    let cache = d.path().join("c");
    let all = entries(&cache);
    assert_eq!(all.len(), 5);
    let garbage: [&[u8]; 5] = [
        b"",
        b"racelint-cache-v4",
        b"\xff\xfe\x00 not utf-8\n{",
        b"racelint-cache-v4 0000\n{\"path\":1}",
        b"{}",
    ];
    for (e, g) in all.iter().zip(garbage) {
        std::fs::write(e, g).unwrap();
    }
    // (the files' entries are what this test is about, not the run's report)
    forget_runs(&cache);
    // truncated halfway: the right key, half the JSON
    assert_eq!(run(d.path(), &args), first);
    let e = &entries(&cache)[0];
    let text = std::fs::read(e).unwrap();
    assert!(text.starts_with(b"racelint-cache-v4 "), "rewritten");
    std::fs::write(e, &text[..text.len() / 2]).unwrap();
    forget_runs(&cache);
    assert_eq!(run(d.path(), &args), first);
    // every entry rewritten whole: a warm run reads them all back
    let before: Vec<Vec<u8>> = entries(&cache)
        .iter()
        .map(|e| std::fs::read(e).unwrap())
        .collect();
    forget_runs(&cache);
    assert_eq!(run(d.path(), &args), first);
    let after: Vec<Vec<u8>> = entries(&cache)
        .iter()
        .map(|e| std::fs::read(e).unwrap())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn config_changes_are_part_of_the_key() {
    let d = tree(&[
        ("racelint.toml", "test-code = \"skip\"\n"),
        (
            "Cargo.toml",
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\n",
        ),
        ("src/lib.rs", "mod a;\nmod b;\n"),
        ("src/a.rs", A),
        ("src/b.rs", B),
        ("tests/t.rs", A),
    ]);
    let with_policy = |policy: &str| {
        std::fs::write(
            d.path().join("racelint.toml"),
            format!("test-code = \"{policy}\"\n"),
        )
        .unwrap();
        (
            run(d.path(), &["--format", "json"]),
            run(d.path(), &["--no-cache", "--format", "json"]),
        )
    };
    let (cached, plain) = with_policy("lint");
    assert_eq!(cached, plain);
    assert!(String::from_utf8_lossy(&cached.0).contains("tests/t.rs"));
    let (cached, plain) = with_policy("skip");
    assert_eq!(cached, plain);
    assert!(!String::from_utf8_lossy(&cached.0).contains("tests/t.rs"));
}

#[test]
fn no_cache_writes_nothing_and_a_read_only_cache_is_no_error() {
    let d = project();
    let (out, code) = run(d.path(), &["--no-cache"]);
    assert_eq!(code, 1);
    assert!(!d.path().join(".racelint_cache").exists());
    // a file where the cache directory would go: the run goes on without a cache
    std::fs::write(d.path().join(".racelint_cache"), "not a directory").unwrap();
    let a = racelint(d.path())
        .args(["check", "--no-timing"])
        .assert()
        .code(1);
    assert_eq!(stdout(&a).into_bytes(), out);
    assert_eq!(
        std::fs::read_to_string(d.path().join(".racelint_cache")).unwrap(),
        "not a directory"
    );
}

#[test]
fn concurrent_runs_share_one_cache() {
    let d = project();
    let plain = run(d.path(), &["--no-cache", "--format", "json"]);
    for _ in 0..2 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                std::process::Command::new(env!("CARGO_BIN_EXE_racelint"))
                    .current_dir(d.path())
                    .args(["check", "--no-timing", "--format", "json"])
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .expect("start racelint")
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert_eq!((out.stdout, out.status.code().unwrap_or(-1)), plain);
        }
    }
    let cache = d.path().join(".racelint_cache");
    assert_eq!(entries(&cache).len(), 5);
    // no temporary file is left behind
    let left: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty());
}

/// Set the modification time of every entry `days` days back.
fn age_entries(cache: &Path, days: u64) {
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(days * 24 * 3600);
    for e in entries(cache) {
        let f = std::fs::File::options().write(true).open(&e).unwrap();
        f.set_modified(then).unwrap();
    }
}

#[test]
fn entries_of_deleted_files_are_pruned_by_a_run_over_the_whole_tree() {
    let d = project();
    let cache = d.path().join("c");
    let args = ["--cache-dir", "c", "--format", "json"];
    run(d.path(), &args);
    assert_eq!(entries(&cache).len(), 5);
    // src/c.rs is deleted; its entry is unused from now on
    write(d.path(), "src/lib.rs", b"mod a;\nmod b;\nmod d;\n");
    std::fs::remove_file(d.path().join("src/c.rs")).unwrap();
    // an unused entry younger than a day stays (another run may still use it)
    run(d.path(), &args);
    assert_eq!(entries(&cache).len(), 5);
    // a run over part of the tree does not know which entries are stale: nothing is pruned
    age_entries(&cache, 2);
    let (out, _) = run(
        d.path(),
        &["--cache-dir", "c", "--format", "json", "src/a.rs"],
    );
    assert!(String::from_utf8_lossy(&out).contains("src/a.rs"));
    assert_eq!(entries(&cache).len(), 5);
    // files racelint did not name, and links, are never removed
    std::fs::write(cache.join("notes.txt"), "keep").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("notes.txt", cache.join("0123456789abcdef0123456789abcdef"))
        .unwrap();
    // a run over the whole tree removes the old unused entry, and only it
    age_entries(&cache, 2);
    let warm = run(d.path(), &args);
    let expected = if cfg!(unix) { 5 } else { 4 };
    assert_eq!(entries(&cache).len(), expected);
    assert!(cache.join("notes.txt").is_file());
    // the four live entries still serve: the output is the uncached one
    assert_eq!(warm, run(d.path(), &["--no-cache", "--format", "json"]));
}

#[test]
fn an_unchanged_run_reads_its_stored_report() {
    let d = project();
    let cache = d.path().join("c");
    let args = ["--cache-dir", "c", "--format", "json"];
    let first = run(d.path(), &args);
    let runs: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("run-"))
        .map(|e| e.path())
        .collect();
    assert_eq!(runs.len(), 1);
    // doctor the stored report (same length): an unchanged run prints what it says
    let bytes = std::fs::read(&runs[0]).unwrap();
    let (from, to) = (b"is read under one guard", b"IS READ UNDER ONE GUARD");
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("the report holds the finding");
    let mut doctored = bytes.clone();
    doctored[at..at + from.len()].copy_from_slice(to);
    std::fs::write(&runs[0], &doctored).unwrap();
    let warm = String::from_utf8_lossy(&run(d.path(), &args).0).into_owned();
    assert!(warm.contains("IS READ UNDER ONE GUARD"), "{warm}");
    assert_eq!(
        warm.to_lowercase(),
        String::from_utf8_lossy(&first.0).to_lowercase()
    );
    // anything that decides the report makes it stale: a file's text, the command line's
    // selection, the targets a manifest declares (no `.rs` file changes)
    let plain = |extra: &[&str]| {
        run(
            d.path(),
            &[&["--no-cache", "--format", "json"], extra].concat(),
        )
    };
    write(d.path(), "src/d.rs", b"fn clean() {}\n");
    assert_eq!(run(d.path(), &args), plain(&[]));
    let only = ["--select", "unused-suppression"];
    assert_eq!(run(d.path(), &[&args[..], &only].concat()), plain(&only));
    let manifest = |bin: &str| {
        let text = format!(
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[[bin]]\nname = \"x\"\npath = \"{bin}\"\n"
        );
        write(d.path(), "Cargo.toml", text.as_bytes());
    };
    write(d.path(), "src/tool.rs", b"fn main() {}\n");
    // (a binary whose `main` runs the racy function: a `pub` function nothing calls in a
    // package the run sees whole is dead code)
    let extra = format!("{A}\nfn main() {{\n    like(todo!());\n}}\n");
    write(d.path(), "src/extra.rs", extra.as_bytes());
    manifest("src/tool.rs");
    let before = run(d.path(), &args);
    assert!(!String::from_utf8_lossy(&before.0).contains("src/extra.rs"));
    assert_eq!(run(d.path(), &args), before);
    manifest("src/extra.rs");
    let after = run(d.path(), &args);
    assert!(String::from_utf8_lossy(&after.0).contains("src/extra.rs"));
    assert_eq!(after, plain(&[]));
}

/// A crate whose findings need another file's helpers: `b.rs` reads and writes back through
/// `a.rs`'s getter and setter (the second round's summaries), `d.rs` locks twice through its
/// guard-returning method (the first round's later files); `c.rs` is the file a user edits.
fn helper_project() -> tempfile::TempDir {
    tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"h\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", "mod a;\nmod b;\nmod c;\nmod d;\n"),
        (
            "src/a.rs",
            "use std::sync::{Mutex, MutexGuard};\n\npub struct S {\n    m: Mutex<u32>,\n}\n\nimpl S {\n    pub fn get(&self) -> u32 {\n        *self.m.lock().unwrap()\n    }\n    pub fn set(&self, v: u32) {\n        *self.m.lock().unwrap() = v;\n    }\n    pub fn state(&self) -> MutexGuard<'_, u32> {\n        self.m.lock().unwrap()\n    }\n}\n",
        ),
        (
            "src/b.rs",
            "use crate::a::S;\n\npub fn bump(s: &S) {\n    let n = s.get();\n    s.set(n + 1);\n}\n",
        ),
        ("src/c.rs", CLEAN),
        (
            "src/d.rs",
            "use crate::a::S;\n\npub fn twice(s: &S) -> u32 {\n    let x = s.state();\n    let y = s.state();\n    *x + *y\n}\n",
        ),
    ])
}

/// Doctor every entry holding `from` (same length, so it still reads); how many.
fn doctor(cache: &Path, from: &[u8], to: &[u8]) -> usize {
    let mut changed = 0;
    for e in entries(cache) {
        let mut bytes = std::fs::read(&e).unwrap();
        if let Some(at) = bytes.windows(from.len()).position(|w| w == from) {
            bytes[at..at + from.len()].copy_from_slice(to);
            std::fs::write(&e, bytes).unwrap();
            changed += 1;
        }
    }
    changed
}

/// A file modelled with other files' helpers is cached under those helpers: editing a file
/// that defines none (or a comment of one that does) models it again only when they change.
#[test]
fn models_made_with_other_files_helpers_are_cached_under_them() {
    let d = helper_project();
    let cache = d.path().join("c");
    let args = ["--cache-dir", "c", "--format", "json"];
    let plain = || run(d.path(), &["--no-cache", "--format", "json"]);
    let first = run(d.path(), &args);
    assert_eq!(first, plain());
    let text = String::from_utf8_lossy(&first.0).into_owned();
    assert!(
        text.contains("split-critical-section") && text.contains("double-lock"),
        "{text}"
    );
    // the findings made with the helpers are in entries of their own
    assert_eq!(
        doctor(
            &cache,
            b"written back by `s.set()`",
            b"WRITTEN BACK BY `s.set()`"
        ),
        1
    );
    assert_eq!(doctor(&cache, b"is locked again", b"IS LOCKED AGAIN"), 1);
    // another file changes: the helpers did not, and the doctored entries are what is reported
    write(d.path(), "src/c.rs", b"pub fn clean2() {}\n");
    let warm = String::from_utf8_lossy(&run(d.path(), &args).0).into_owned();
    assert!(
        warm.contains("WRITTEN BACK BY") && warm.contains("IS LOCKED AGAIN"),
        "{warm}"
    );
    assert_eq!(
        warm.to_lowercase(),
        String::from_utf8_lossy(&plain().0).to_lowercase()
    );
    // the summaries change (the setter no longer writes): what used them is modelled again
    write(
        d.path(),
        "src/a.rs",
        b"use std::sync::{Mutex, MutexGuard};\n\npub struct S {\n    m: Mutex<u32>,\n}\n\nimpl S {\n    pub fn get(&self) -> u32 {\n        *self.m.lock().unwrap()\n    }\n    pub fn set(&self, v: u32) {\n        let _ = v;\n    }\n    pub fn state(&self) -> MutexGuard<'_, u32> {\n        self.m.lock().unwrap()\n    }\n}\n",
    );
    let changed = String::from_utf8_lossy(&run(d.path(), &args).0).into_owned();
    let plain = String::from_utf8_lossy(&plain().0).into_owned();
    assert!(!plain.contains("written back by"), "{plain}");
    // b.rs used the summaries, which changed: modelled again; d.rs used only the
    // guard-returning method, which did not: still its doctored entry
    assert!(!changed.contains("WRITTEN BACK BY"), "{changed}");
    assert!(changed.contains("IS LOCKED AGAIN"), "{changed}");
    assert_eq!(changed.to_lowercase(), plain.to_lowercase());
}
