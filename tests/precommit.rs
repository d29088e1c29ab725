//! pre-commit: the hook manifest is valid, and a real `pre-commit run` on a few files of a
//! crate reports findings for those files only (the rest of the crate is read for its facts).
//!
//! These tests need `pre-commit` and `git`: without them they fail, saying so (`.ci/run`
//! installs pre-commit; locally, `pip install pre-commit`). They are never skipped silently.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A file with a finding that fails the hook: a double lock (an error).
const DOUBLE_LOCK: &str = "use std::sync::Mutex;\n\npub fn f(m: &Mutex<u32>) {\n    let a = m.lock().unwrap();\n    let b = m.lock().unwrap();\n    drop((a, b));\n}\n";

fn have(cmd: &str) -> bool {
    Command::new(cmd)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Fail (not skip) when a tool the test needs is missing.
fn require(cmd: &str) {
    assert!(
        have(cmd),
        "`{cmd}` is not installed: this test runs the real `{cmd}` (`.ci/run` installs \
         pre-commit; locally: `pip install pre-commit`)"
    );
}

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn hook_manifest_has_the_expected_hook() {
    let text = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    for needle in [
        "- id: racelint",
        // `--` ends the options: a staged `-x.rs` is a file
        "entry: racelint check --force-exclude --\n",
        "language: rust",
        "types: [rust]",
        "require_serial: true",
    ] {
        assert!(
            text.contains(needle),
            "`{needle}` missing from .pre-commit-hooks.yaml"
        );
    }
    require("pre-commit");
    let out = Command::new("pre-commit")
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// A git repository with a crate of two files, both with a finding.
fn git_repo(hook_entry: &str) -> tempfile::TempDir {
    let d = common::tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"demo\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", DOUBLE_LOCK),
        ("src/other.rs", DOUBLE_LOCK),
        ("src/clean.rs", common::CLEAN),
        ("-x.rs", DOUBLE_LOCK),
    ]);
    let config = format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: racelint\n        name: racelint\n        entry: {hook_entry}\n        language: system\n        types: [rust]\n        require_serial: true\n"
    );
    common::write(d.path(), ".pre-commit-config.yaml", config.as_bytes());
    let git = |args: &[&str]| {
        let s = Command::new("git")
            .args(args)
            .current_dir(d.path())
            .output()
            .unwrap();
        assert!(
            s.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&s.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    d
}

#[test]
fn real_pre_commit_run_reports_the_files_it_is_given() {
    require("pre-commit");
    require("git");
    // the hook of .pre-commit-hooks.yaml, with the binary under test instead of an installed one
    let entry = format!(
        "{} check --color never --force-exclude --",
        env!("CARGO_BIN_EXE_racelint")
    );
    let d = git_repo(&entry);
    let home = tempfile::tempdir().unwrap();
    let run = |files: &[&str]| {
        let mut c = Command::new("pre-commit");
        c.args(["run", "--files"]).args(files).current_dir(d.path());
        c.env("PRE_COMMIT_HOME", home.path()).env_remove("NO_COLOR");
        c.output().unwrap()
    };
    let out = run(&["src/lib.rs", "src/clean.rs"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "the hook must fail on a finding:\n{text}"
    );
    assert!(text.contains("src/lib.rs:5:13"), "{text}");
    assert!(
        !text.contains("src/other.rs"),
        "only the files given are reported:\n{text}"
    );
    assert!(text.contains("(2 files checked)"), "{text}");

    let out = run(&["src/clean.rs"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");

    // every staged file, `-x.rs` among them: a file name, not an option
    let mut c = Command::new("pre-commit");
    c.args(["run", "--all-files"]).current_dir(d.path());
    let out = c.env("PRE_COMMIT_HOME", home.path()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("-x.rs:5:13"), "{text}");
    assert!(text.contains("(4 files checked)"), "{text}");
}

/// The README's `repo: local` / `language: system` hook for an installed binary starts in
/// well under a second: nothing is built, and only the staged files are reported.
#[test]
fn local_system_hook_is_fast() {
    require("pre-commit");
    require("git");
    let entry = format!(
        "{} check --force-exclude --",
        env!("CARGO_BIN_EXE_racelint")
    );
    let d = git_repo(&entry);
    let home = tempfile::tempdir().unwrap();
    let run = || {
        let started = Instant::now();
        let out = Command::new("pre-commit")
            .args(["run", "--files", "src/clean.rs"])
            .current_dir(d.path())
            .env("PRE_COMMIT_HOME", home.path())
            .output()
            .unwrap();
        (out, started.elapsed())
    };
    let _ = run(); // pre-commit's first run sets up its store
    let (out, took) = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // generous for a shared CI machine and a debug build; measured: about 0.3 s
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

/// The hook exactly as published (`language: rust` builds racelint with `cargo install`).
#[test]
#[ignore = "builds racelint with `cargo install` (minutes): run with `cargo test -- --ignored`"]
fn pre_commit_try_repo_builds_and_runs_the_published_hook() {
    require("pre-commit");
    require("git");
    let d = git_repo("true");
    let home = tempfile::tempdir().unwrap();
    let out = Command::new("pre-commit")
        .args(["try-repo"])
        .arg(repo_root())
        .args(["racelint", "--files", "src/lib.rs"])
        .current_dir(d.path())
        .env("PRE_COMMIT_HOME", home.path())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("double-lock"), "{text}");
}
