//! The command line: exit codes, options, config, suppressions, baselines, subcommands.

mod common;

use common::{CLEAN, UNUSED, findings, json, racelint, stderr, stdout, tree};

#[test]
fn clean_tree_exits_0() {
    let d = tree(&[("src/lib.rs", CLEAN)]);
    let a = racelint(d.path())
        .args(["check", "--color", "never"])
        .assert()
        .code(0);
    assert!(
        stdout(&a).contains("no findings (1 file checked)"),
        "{}",
        stdout(&a)
    );
}

#[test]
fn findings_exit_1_and_exit_zero_exits_0() {
    let d = tree(&[("src/lib.rs", UNUSED), ("src/ok.rs", CLEAN)]);
    // a note does not fail the run by default
    let a = racelint(d.path())
        .args(["check", "--color", "never"])
        .assert()
        .code(0);
    let out = stdout(&a);
    assert!(out.contains("note[unused-suppression]"), "{out}");
    assert!(out.contains("1 note in 1 file (2 files checked)"), "{out}");
    racelint(d.path())
        .args(["check", "--fail-on", "note"])
        .assert()
        .code(1);
    racelint(d.path())
        .args(["check", "--fail-on", "note", "--exit-zero"])
        .assert()
        .code(0);
    // a warning does
    let d = tree(&[("src/a.rs", common::A), ("src/b.rs", common::B)]);
    let a = racelint(d.path())
        .args(["check", "--color", "never"])
        .assert()
        .code(1);
    assert!(stdout(&a).contains("1 warning in 1 file"), "{}", stdout(&a));
    racelint(d.path())
        .args(["check", "--exit-zero"])
        .assert()
        .code(0);
    racelint(d.path())
        .args(["check", "--fail-on", "error"])
        .assert()
        .code(0);
    // --max-findings N: fail only above N findings at the fail level
    racelint(d.path())
        .args(["check", "--max-findings", "1"])
        .assert()
        .code(0);
    racelint(d.path())
        .args(["check", "--max-findings", "0"])
        .assert()
        .code(1);
    let a = racelint(d.path())
        .args(["check", "--fail-on", "fatal"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("note, warning, error"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn unparsable_file_exits_1_and_others_are_linted() {
    let d = tree(&[("a.rs", "fn broken( {\n"), ("b.rs", UNUSED)]);
    let a = racelint(d.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(1);
    let v = json(&a);
    assert_eq!(v["errors"][0]["file"], "a.rs");
    assert_eq!(v["errors"][0]["line"], 1);
    assert_eq!(v["diagnostics"][0]["file"], "b.rs");
    assert_eq!(v["summary"]["files_with_errors"], 1);
}

#[test]
fn usage_errors_exit_2() {
    let d = tree(&[("a.rs", CLEAN)]);
    let a = racelint(d.path())
        .args(["check", "nope.rs"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("path does not exist: nope.rs"),
        "{}",
        stderr(&a)
    );
    let a = racelint(d.path())
        .args(["check", "--select", "lock-ordr"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("lock-ordr") && stderr(&a).contains("lock-order"),
        "{}",
        stderr(&a)
    );
    racelint(d.path())
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    racelint(d.path())
        .args(["check", "--jobs", "many"])
        .assert()
        .code(2);
    racelint(d.path())
        .args(["frobnicate-option-that-does-not-exist", "--x"])
        .assert()
        .code(2);
    let a = racelint(d.path())
        .args(["rule", "no-such-rule"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("double-lock"), "{}", stderr(&a));
}

#[test]
fn bad_config_exits_2_naming_file_line_and_choices() {
    let d = tree(&[
        ("a.rs", CLEAN),
        ("racelint.toml", "select = [\"lock-order\"]\nignor = []\n"),
    ]);
    let a = racelint(d.path()).arg("check").assert().code(2);
    let e = stderr(&a);
    assert!(e.contains("racelint.toml:2:1"), "{e}");
    assert!(
        e.contains("ignor") && e.contains("`ignore`") && e.contains("per-file-ignores"),
        "{e}"
    );

    let d = tree(&[
        ("a.rs", CLEAN),
        ("racelint.toml", "[severity]\ndouble-lok = \"error\"\n"),
    ]);
    let a = racelint(d.path()).arg("check").assert().code(2);
    let e = stderr(&a);
    assert!(
        e.contains("racelint.toml:2:1") && e.contains("double-lok") && e.contains("double-lock"),
        "{e}"
    );

    let d = tree(&[
        ("a.rs", CLEAN),
        ("racelint.toml", "[severity]\ndouble-lock = \"loud\"\n"),
    ]);
    let a = racelint(d.path()).arg("check").assert().code(2);
    assert!(
        stderr(&a).contains("error, warning, note, off"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn config_select_ignore_severity_and_per_file_ignores() {
    let files = |cfg: &'static str| {
        tree(&[
            ("src/a.rs", UNUSED),
            ("tests/t.rs", UNUSED),
            ("racelint.toml", cfg),
        ])
    };
    // ignore by category
    let d = files("ignore = [\"suppression\"]\n");
    racelint(d.path()).arg("check").assert().code(0);
    // select something else
    let d = files("select = [\"lock-order\"]\n");
    racelint(d.path()).arg("check").assert().code(0);
    // the command line's --select replaces the config's
    racelint(d.path())
        .args([
            "check",
            "--fail-on",
            "note",
            "--select",
            "unused-suppression,double-lock",
        ])
        .assert()
        .code(1);
    // an unused suppression of a rule that is not selected is not reported
    racelint(d.path())
        .args(["check", "--select", "unused-suppression"])
        .assert()
        .code(0);
    // --ignore adds to it
    let d = files("");
    racelint(d.path())
        .args(["check", "--ignore", "unused-suppression,lock-order"])
        .assert()
        .code(0);
    // severity override
    let d = files("[severity]\nunused-suppression = \"error\"\n");
    let v = json(
        &racelint(d.path())
            .args(["check", "--format", "json"])
            .assert()
            .code(1),
    );
    assert_eq!(v["diagnostics"][0]["severity"], "error");
    // per-file-ignores
    let d = files("[per-file-ignores]\n\"tests/**\" = [\"unused-suppression\"]\n");
    let v = json(
        &racelint(d.path())
            .args(["check", "--format", "json"])
            .assert()
            .code(0),
    );
    let files: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["src/a.rs"]);
}

#[test]
fn cargo_toml_metadata_config_and_config_flag() {
    let d = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"x\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[package.metadata.racelint]\nignore = [\"unused-suppression\"]\n",
        ),
        ("src/lib.rs", UNUSED),
        (
            "other.toml",
            "select = [\"unused-suppression\", \"lock-order\"]\n",
        ),
    ]);
    racelint(d.path()).arg("check").assert().code(0);
    racelint(d.path())
        .args(["check", "--fail-on", "note", "--config", "other.toml"])
        .assert()
        .code(1);
    racelint(d.path())
        .args(["check", "--config", "missing.toml"])
        .assert()
        .code(2);
}

#[test]
fn rule_table_options_are_accepted_for_known_rules_only() {
    let d = tree(&[
        ("a.rs", CLEAN),
        (
            "racelint.toml",
            "[rules.store-get-then-save]\nread-verbs = [\"fetch\"]\n",
        ),
    ]);
    racelint(d.path()).arg("check").assert().code(0);
    let d = tree(&[
        ("a.rs", CLEAN),
        ("racelint.toml", "[rules.no-such-rule]\nx = 1\n"),
    ]);
    let a = racelint(d.path()).arg("check").assert().code(2);
    assert!(stderr(&a).contains("no-such-rule"), "{}", stderr(&a));
}

#[test]
fn suppressions_are_read_from_comments() {
    let text = "// racelint: allow-file(lock-order) whole file\nfn f() {\n    let _a = 1; // racelint: allow(double-lock, fs-toctou) reason\n}\n";
    let d = tree(&[("a.rs", text)]);
    let v = json(
        &racelint(d.path())
            .args(["check", "--format", "json"])
            .assert()
            .code(0),
    );
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 2, "{v:#}");
    assert!(diags.iter().all(|d| d["rule"] == "unused-suppression"));
    assert_eq!(diags[0]["line"], 1);
    assert_eq!(diags[1]["line"], 3);
    // a rule switched off for the run is not an unused suppression
    racelint(d.path())
        .args(["check", "--ignore", "lock-order,fs-toctou"])
        .assert()
        .code(0);
}

#[test]
fn walk_honours_gitignore_hidden_and_target() {
    let d = tree(&[
        ("src/lib.rs", CLEAN),
        (".gitignore", "gen/\n"),
        ("gen/g.rs", UNUSED),
        (".hidden/h.rs", UNUSED),
        (
            "Cargo.toml",
            "[package]\nname = \"x\"\nversion = \"0.1.0\"\n",
        ),
        ("target/debug/build/out.rs", UNUSED),
        (".ignore", "skip.rs\n"),
        ("skip.rs", UNUSED),
    ]);
    let v = json(
        &racelint(d.path())
            .args(["check", "--format", "json"])
            .assert()
            .code(0),
    );
    assert_eq!(v["summary"]["files_scanned"], 1, "{v:#}");
    // a file named explicitly is linted even when ignored
    racelint(d.path())
        .args(["check", "--fail-on", "note", "gen/g.rs"])
        .assert()
        .code(1);
}

#[test]
fn force_exclude_applies_config_excludes_to_named_files() {
    let d = tree(&[
        ("racelint.toml", "exclude = [\"generated\"]\n"),
        ("generated/g.rs", UNUSED),
        ("src/a.rs", CLEAN),
    ]);
    racelint(d.path()).arg("check").assert().code(0);
    racelint(d.path())
        .args(["check", "--fail-on", "note", "generated/g.rs"])
        .assert()
        .code(1);
    let a = racelint(d.path())
        .args([
            "check",
            "--force-exclude",
            "generated/g.rs",
            "--format",
            "json",
        ])
        .assert()
        .code(0);
    assert_eq!(json(&a)["summary"]["files_scanned"], 0);
}

#[test]
fn named_files_are_reported_alone_but_read_with_their_crate() {
    let d = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"x\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", UNUSED),
        ("src/other.rs", UNUSED),
    ]);
    let v = json(
        &racelint(d.path())
            .args(["check", "--format", "json", "src/lib.rs"])
            .assert()
            .code(0),
    );
    assert_eq!(v["summary"]["files_scanned"], 1);
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["file"], "src/lib.rs");
}

#[test]
fn output_file_quiet_and_statistics() {
    let d = tree(&[("a.rs", UNUSED), ("b.rs", UNUSED)]);
    // a missing directory is created (as ruff does); the summary goes to stderr
    let a = racelint(d.path())
        .args(["check", "--format", "json", "--output", "out/report.json"])
        .assert()
        .code(0);
    assert!(stdout(&a).is_empty());
    assert_eq!(stderr(&a), "2 notes in 2 files (2 files checked)\n");
    // a parent that is a file: an error, not a panic
    common::write(d.path(), "file", b"");
    let a = racelint(d.path())
        .args(["check", "--output", "file/report.json"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("file/report.json: cannot write output"),
        "{}",
        stderr(&a)
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.path().join("out/report.json")).unwrap())
            .unwrap();
    assert_eq!(written["summary"]["diagnostics"], 2);
    let leftovers: Vec<_> = std::fs::read_dir(d.path().join("out")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "temporary file left behind");

    let a = racelint(d.path())
        .args(["check", "--quiet", "--color", "never", "--output", "q.txt"])
        .assert()
        .code(0);
    assert!(
        stderr(&a).is_empty(),
        "--quiet: no summary on stderr either"
    );
    let a = racelint(d.path())
        .args(["check", "--quiet", "--color", "never"])
        .assert()
        .code(0);
    assert!(!stdout(&a).contains("checked"), "{}", stdout(&a));
    assert!(stdout(&a).contains("unused-suppression"));

    let a = racelint(d.path())
        .args(["check", "--statistics", "--color", "never"])
        .assert()
        .code(0);
    let out = stdout(&a);
    assert!(
        out.contains("2  unused-suppression  [suppression]"),
        "{out}"
    );
    assert!(!out.contains("-->"), "{out}");
    let v = json(
        &racelint(d.path())
            .args(["check", "--statistics", "--format", "json"])
            .assert()
            .code(0),
    );
    assert_eq!(v["statistics"][0]["count"], 2);
}

#[test]
fn color_always_emits_ansi_and_never_does_not() {
    let d = tree(&[("a.rs", UNUSED)]);
    let a = racelint(d.path())
        .args(["check", "--color", "always"])
        .assert()
        .code(0);
    assert!(stdout(&a).contains("\x1b["));
    let a = racelint(d.path())
        .args(["check", "--color", "never"])
        .assert()
        .code(0);
    assert!(!stdout(&a).contains("\x1b["));
}

#[test]
fn rules_rule_and_explain() {
    let d = tree(&[]);
    let a = racelint(d.path()).arg("rules").assert().code(0);
    let out = stdout(&a);
    for r in racelint::rules::RULES {
        assert!(out.contains(r.id), "{} missing from `racelint rules`", r.id);
    }
    let v: serde_json::Value = serde_json::from_slice(
        &racelint(d.path())
            .args(["rules", "--format", "json"])
            .assert()
            .code(0)
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(v.as_array().unwrap().len(), racelint::rules::RULES.len());
    let by_id = |id: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(by_id("double-lock")["options"], serde_json::json!([]));
    assert_eq!(
        by_id("kv-get-then-set")["options"],
        serde_json::json!(["read-verbs", "write-verbs", "insert-verbs", "check-verbs"])
    );
    let a = racelint(d.path())
        .args(["rule", "double-lock"])
        .assert()
        .code(0);
    assert!(stdout(&a).starts_with("# double-lock"));
    // the examples' hidden setup lines are not printed
    let a = racelint(d.path())
        .args(["rule", "lock-order-inversion"])
        .assert()
        .code(0);
    assert!(stdout(&a).contains("impl Bank {") && !stdout(&a).contains("pub struct Bank"));
    let a = racelint(d.path())
        .args(["--explain", "double-lock"])
        .assert()
        .code(0);
    assert!(stdout(&a).starts_with("# double-lock"));
    let a = racelint(d.path())
        .args(["rule", "lock-order"])
        .assert()
        .code(0);
    assert!(stdout(&a).contains("`double-lock`"));
    racelint(d.path()).arg("--version").assert().code(0);
    racelint(d.path()).arg("--help").assert().code(0);
}

#[test]
fn cargo_racelint_binary_and_default_subcommand() {
    let d = tree(&[("a.rs", UNUSED)]);
    let bin = env!("CARGO_BIN_EXE_cargo-racelint");
    let mut c = assert_cmd::Command::new(bin);
    c.current_dir(d.path())
        .args(["racelint", "check", "--format", "json"]);
    let v = json(&c.assert().code(0));
    assert_eq!(v["summary"]["diagnostics"], 1);
    // what rust-analyzer runs: `cargo racelint --format rustc-json`
    let mut c = assert_cmd::Command::new(bin);
    c.current_dir(d.path())
        .args(["racelint", "--format", "rustc-json"]);
    let a = c.assert().code(0);
    assert!(stdout(&a).starts_with("{\"$message_type\":\"diagnostic\""));
    // `racelint PATH` is `racelint check PATH`
    racelint(d.path())
        .args(["a.rs", "--fail-on", "note"])
        .assert()
        .code(1);
    // help names the program as it was run
    for args in [
        &["racelint", "--help"][..],
        &["racelint", "check", "--help"],
    ] {
        let mut c = assert_cmd::Command::new(bin);
        c.env_remove("CLICOLOR_FORCE");
        let a = c.current_dir(d.path()).args(args).assert().code(0);
        assert!(
            stdout(&a).contains("Usage: cargo racelint "),
            "{args:?}: {}",
            stdout(&a)
        );
    }
    let a = racelint(d.path())
        .args(["check", "--help"])
        .assert()
        .code(0);
    assert!(
        stdout(&a).contains("Usage: racelint check "),
        "{}",
        stdout(&a)
    );
}

#[test]
fn facts_subcommand() {
    let d = tree(&[
        (
            "a.rs",
            "use std::sync::Mutex;\nfn f(m: &Mutex<u32>) {\n    *m.lock().unwrap() += 1;\n}\n",
        ),
        ("bad.rs", "fn ("),
    ]);
    let a = racelint(d.path()).args(["facts", "a.rs"]).assert().code(0);
    assert!(stdout(&a).contains("fn f"), "{}", stdout(&a));
    let a = racelint(d.path())
        .args(["facts", "a.rs", "--format", "json"])
        .assert()
        .code(0);
    let _: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    racelint(d.path())
        .args(["facts", "bad.rs"])
        .assert()
        .code(1);
    racelint(d.path())
        .args(["facts", "missing.rs"])
        .assert()
        .code(2);
}

#[test]
fn baseline_survives_inserted_lines_and_counts_fixed_entries() {
    let two = format!(
        "{UNUSED}\nfn b() {{\n    // racelint: allow(fs-toctou) nothing here either\n    let _y = 2;\n}}\n"
    );
    let d = tree(&[("src/a.rs", &two), ("src/b.rs", UNUSED)]);
    let a = racelint(d.path())
        .args(["check", "--write-baseline", "racelint-baseline.json"])
        .assert()
        .code(0);
    assert!(stderr(&a).contains("recorded 3 findings"), "{}", stderr(&a));
    let baseline = std::fs::read_to_string(d.path().join("racelint-baseline.json")).unwrap();
    assert!(
        !baseline.contains("\"line\""),
        "a baseline must not key on line numbers:\n{baseline}"
    );

    // lines inserted above the findings: nothing new
    let moved = format!("// a new header\n\n\nuse std::fmt;\n\n{two}");
    common::write(d.path(), "src/a.rs", moved.as_bytes());
    let v = json(
        &racelint(d.path())
            .args([
                "check",
                "--baseline",
                "racelint-baseline.json",
                "--format",
                "json",
            ])
            .assert()
            .code(0),
    );
    assert_eq!(v["summary"]["diagnostics"], 0, "{v:#}");
    assert_eq!(v["summary"]["baseline"]["matched"], 3);

    // a new finding is reported; a fixed one is counted
    let grown = format!(
        "{moved}\nfn c() {{\n    // racelint: allow(spin-on-lock) new\n    let _z = 3;\n}}\n"
    );
    common::write(d.path(), "src/a.rs", grown.as_bytes());
    common::write(d.path(), "src/b.rs", CLEAN.as_bytes());
    let a = racelint(d.path())
        .args([
            "check",
            "--baseline",
            "racelint-baseline.json",
            "--color",
            "never",
        ])
        .assert()
        .code(0);
    let out = stdout(&a);
    assert!(out.contains("allow(spin-on-lock)"), "{out}");
    assert!(!out.contains("allow(fs-toctou)"), "{out}");
    assert!(
        out.contains("1 baseline entry is fixed (run with --write-baseline to prune it)\n"),
        "{out}"
    );

    // a baseline that is not one is a usage error
    common::write(d.path(), "bad.json", b"{}");
    racelint(d.path())
        .args(["check", "--baseline", "bad.json"])
        .assert()
        .code(2);
}

#[test]
fn a_named_file_closing_a_cross_file_lock_cycle_gets_the_finding() {
    // what pre-commit does when only b.rs is staged: b.rs closes the cycle that a.rs opened
    let a = "use std::sync::Mutex;\n\npub struct Store {\n    pub index: Mutex<Vec<u64>>,\n    pub journal: Mutex<Vec<String>>,\n}\n\nimpl Store {\n    pub fn flush(&self) {\n        let index = self.index.lock().unwrap();\n        let mut journal = self.journal.lock().unwrap();\n        journal.push(format!(\"{}\", index.len()));\n    }\n}\n";
    let b = "use crate::a::Store;\n\nimpl Store {\n    pub fn compact(&self) {\n        let journal = self.journal.lock().unwrap();\n        let mut index = self.index.lock().unwrap();\n        index.truncate(journal.len());\n    }\n}\n";
    let d = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"x\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", "mod a;\nmod b;\n"),
        ("src/a.rs", a),
        ("src/b.rs", b),
    ]);
    let v = json(
        &racelint(d.path())
            .args(["check", "--format", "json", "src/b.rs"])
            .assert()
            .code(1),
    );
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(
        diags.iter().any(|d| d["rule"] == "lock-order-inversion"
            && (d["file"] == "src/b.rs"
                || d["labels"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|l| l["file"] == "src/b.rs"))),
        "{v:#}"
    );
    // a file of the crate that takes no part in it is clean
    let v = json(
        &racelint(d.path())
            .args(["check", "--format", "json", "src/lib.rs"])
            .assert()
            .code(0),
    );
    assert_eq!(v["summary"]["diagnostics"], 0);
}

/// One test-code policy for every rule: findings in `#[cfg(test)]` items and in files under
/// `tests/` are dropped unless the config says `test-code = "lint"`.
#[test]
fn test_code_is_skipped_for_every_rule_unless_configured() {
    const DOUBLE: &str = "use std::sync::Mutex;\npub fn f(m: &Mutex<u32>) {\n    let a = m.lock().unwrap();\n    let b = m.lock().unwrap();\n    drop((a, b));\n}\n";
    let in_mod = format!("pub fn ok() {{}}\n#[cfg(test)]\nmod tests {{\n{DOUBLE}}}\n");
    let files = [
        ("src/lib.rs", in_mod.as_str()),
        ("tests/it.rs", DOUBLE),
        ("src/real.rs", DOUBLE),
    ];
    let d = tree(&files);
    assert_eq!(findings(d.path()), vec!["double-lock src/real.rs"]);
    let mut with_config = files.to_vec();
    with_config.push(("racelint.toml", "test-code = \"lint\"\n"));
    let d = tree(&with_config);
    let mut all = findings(d.path());
    all.sort();
    assert_eq!(
        all,
        vec![
            "double-lock src/lib.rs",
            "double-lock src/real.rs",
            "double-lock tests/it.rs"
        ]
    );
    // directories above the crate do not count; a test-support package does
    let d = tree(&[
        ("tests/proj/Cargo.toml", "[package]\nname = \"proj\"\n"),
        ("tests/proj/src/lib.rs", DOUBLE),
        (
            "test_support/Cargo.toml",
            "[package]\nname = \"test_support\"\n",
        ),
        ("test_support/src/lib.rs", DOUBLE),
        ("xtask/Cargo.toml", "[package]\nname = \"xtask\"\n"),
        ("xtask/src/main.rs", DOUBLE),
    ]);
    assert_eq!(
        findings(&d.path().join("tests")),
        vec!["double-lock proj/src/lib.rs"]
    );
    assert!(findings(d.path()).contains(&"double-lock tests/proj/src/lib.rs".to_string()));
    assert_eq!(findings(d.path()).len(), 1);
    let d = tree(&[("racelint.toml", "test-code = \"sometimes\"\n")]);
    let out = racelint(d.path()).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("racelint.toml:1:"));
}

/// A cache fill (the hit returns the stored value, the miss inserts one computed from the key)
/// is reported only with `[rules.map-check-then-insert] cache-fills = true`.
#[test]
fn cache_fills_are_reported_on_request() {
    const CACHE: &str = "use dashmap::DashMap;\nuse std::sync::Arc;\npub struct C { infos: DashMap<String, Arc<String>> }\nimpl C {\n    pub fn info(&self, name: &str) -> Arc<String> {\n        if let Some(info) = self.infos.get(name) {\n            return info.value().clone();\n        }\n        let info = Arc::new(name.to_uppercase());\n        self.infos.insert(name.to_string(), info.clone());\n        info\n    }\n}\n";
    let rules = |dir: &std::path::Path| -> Vec<String> {
        findings(dir)
            .into_iter()
            .map(|f| f.split(' ').next().unwrap_or_default().to_string())
            .collect()
    };
    assert!(rules(tree(&[("src/lib.rs", CACHE)]).path()).is_empty());
    let d = tree(&[
        ("src/lib.rs", CACHE),
        (
            "racelint.toml",
            "[rules.map-check-then-insert]\ncache-fills = true\n",
        ),
    ]);
    assert_eq!(rules(d.path()), vec!["map-check-then-insert"]);
    let d = tree(&[(
        "racelint.toml",
        "[rules.map-check-then-insert]\ncache-fills = \"yes\"\n",
    )]);
    let out = racelint(d.path()).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`cache-fills` must be true or false"));
}

/// `/dev/full`: every write fails with "no space left on device".
#[cfg(target_os = "linux")]
fn dev_full() -> std::process::Stdio {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full")
        .into()
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_stderr_never_panics_and_one_to_stdout_exits_2() {
    let d = tree(&[("a.rs", UNUSED)]);
    let run = |args: &[&str], stdout_full: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_racelint"));
        c.current_dir(d.path()).args(args);
        if stdout_full {
            c.stdout(dev_full());
        } else {
            c.stdout(std::process::Stdio::null()).stderr(dev_full());
        }
        c.output().expect("run racelint")
    };
    // stderr full: the baseline lines, the statistics and errors are dropped, never a panic
    for (args, code) in [
        (
            &["check", "--format", "json", "--write-baseline", "b.json"][..],
            0,
        ),
        (&["check", "--format", "json", "--statistics"], 0),
        (&["check", "--format", "json", "--baseline", "b.json"], 0),
        (&["check", "nope.rs"], 2),
    ] {
        let out = run(args, false);
        assert_eq!(out.status.code(), Some(code), "{args:?}");
    }
    // stdout full: exit 2, and stderr says why
    let out = run(&["check"], true);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write to standard output"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn names_differing_only_in_invalid_utf8_bytes_keep_their_own_findings() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let d = tree(&[]);
    // the same finding, one line lower in the second file
    std::fs::write(d.path().join(OsStr::from_bytes(b"a\xfe.rs")), UNUSED).unwrap();
    std::fs::write(
        d.path().join(OsStr::from_bytes(b"a\xff.rs")),
        format!("\n{UNUSED}"),
    )
    .unwrap();
    let a = racelint(d.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(0);
    let v = json(&a);
    let found: Vec<(&str, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(found, [("a\\xFE.rs", 2), ("a\\xFF.rs", 3)]);
    // a non-UTF-8 name on the command line
    let a = racelint(d.path())
        .args(["check", "--format", "json"])
        .arg(OsStr::from_bytes(b"a\xff.rs"))
        .assert()
        .code(0);
    let v = json(&a);
    assert_eq!(v["diagnostics"][0]["file"], "a\\xFF.rs");
    assert_eq!(v["summary"]["files_scanned"], 1);
}

#[test]
fn a_file_name_starting_with_a_dash_is_a_file_after_double_dash() {
    let d = tree(&[("-x.rs", UNUSED)]);
    let a = racelint(d.path())
        .args(["check", "--format", "json", "--", "-x.rs"])
        .assert()
        .code(0);
    assert_eq!(json(&a)["diagnostics"][0]["file"], "-x.rs");
    // without a subcommand too (`cargo racelint -- -x.rs`)
    let a = racelint(d.path())
        .args(["--format", "json", "--", "-x.rs"])
        .assert()
        .code(0);
    assert_eq!(json(&a)["diagnostics"][0]["file"], "-x.rs");
}

#[cfg(unix)]
#[test]
fn control_characters_in_names_and_comments_never_reach_the_terminal_raw() {
    let evil = "fn b() {\n    // racelint: allow(double-lock) evil \u{1b}[31mRED\u{1b}[0m \u{202e}txt\u{7}\n    let _x = 1;\n}\n";
    let d = tree(&[("e\u{1b}[32m.rs", evil)]);
    let raw = |out: &[u8], what: &str| {
        let text = String::from_utf8_lossy(out);
        assert!(!text.contains("\u{1b}[31mRED"), "{what}: {text:?}");
        assert!(!text.contains("\u{1b}[32m.rs"), "{what}: {text:?}");
        assert!(
            !text.contains('\u{202e}') && !text.contains('\u{7}'),
            "{what}: {text:?}"
        );
        text.into_owned()
    };
    let a = racelint(d.path())
        .args(["check", "--color", "never"])
        .assert()
        .code(0);
    let text = raw(&a.get_output().stdout, "--color never");
    assert!(!text.contains('\u{1b}'), "{text:?}");
    assert!(text.contains("e\\x1b[32m.rs:2:5"), "{text}");
    assert!(
        text.contains("evil \\x1b[31mRED\\x1b[0m \\u{202e}txt\\x07"),
        "{text}"
    );
    let a = racelint(d.path())
        .args(["check", "--color", "always"])
        .assert()
        .code(0);
    raw(&a.get_output().stdout, "--color always");
    for format in ["rustc-json", "github"] {
        let a = racelint(d.path())
            .args(["check", "--format", format])
            .assert()
            .code(0);
        let out = &a.get_output().stdout;
        if format == "rustc-json" {
            // JSON escapes the controls itself; `rendered` is what cargo prints as it is
            let v: serde_json::Value = serde_json::from_slice(out).unwrap();
            raw(v["rendered"].as_str().unwrap().as_bytes(), "rendered");
        } else {
            raw(out, format);
        }
    }
    // paths in messages on stderr
    let a = racelint(d.path())
        .args(["check", "nope\u{1b}[2J.rs"])
        .assert()
        .code(2);
    assert!(!stderr(&a).contains('\u{1b}'), "{:?}", stderr(&a));
    assert!(stderr(&a).contains("nope\\x1b[2J.rs"), "{}", stderr(&a));
    // and in usage errors
    let a = racelint(d.path())
        .args(["check", "--no\u{1b}[2J"])
        .assert()
        .code(2);
    assert!(!stderr(&a).contains('\u{1b}'), "{:?}", stderr(&a));
}

/// `check --baseline FILE ARGS…` run in `dir`: (matched, fixed, diagnostics left).
fn with_baseline(dir: &std::path::Path, baseline: &str, args: &[&str]) -> (u64, u64, u64) {
    let a = racelint(dir)
        .args(["check", "--format", "json", "--baseline", baseline])
        .args(args)
        .assert();
    let v = json(&a);
    assert!(v["errors"].as_array().unwrap().is_empty(), "{v:#}");
    let n = |x: &serde_json::Value| x.as_u64().unwrap();
    (
        n(&v["summary"]["baseline"]["matched"]),
        n(&v["summary"]["baseline"]["fixed"]),
        n(&v["summary"]["diagnostics"]),
    )
}

#[test]
fn baseline_paths_are_relative_to_the_project_root() {
    let d = tree(&[
        ("racelint.toml", "select = [\"all\"]\n"),
        ("src/a.rs", UNUSED),
        ("src/b.rs", UNUSED),
    ]);
    let root = d.path().canonicalize().unwrap();
    let src = root.join("src");
    racelint(&root)
        .args(["check", "--write-baseline", "base.json", "src"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(root.join("base.json")).unwrap();
    assert!(text.contains("\"file\": \"src/a.rs\""), "{text}");
    let abs = root.to_string_lossy().into_owned();
    let abs_base = root.join("base.json").to_string_lossy().into_owned();
    // however the files are named, and wherever racelint runs, the same entries match
    assert_eq!(with_baseline(&root, "base.json", &["./src"]), (2, 0, 0));
    assert_eq!(with_baseline(&root, "base.json", &[&abs]), (2, 0, 0));
    assert_eq!(with_baseline(&src, "../base.json", &[]), (2, 0, 0));
    assert_eq!(with_baseline(&src, &abs_base, &["./a.rs"]), (1, 0, 0));
    assert_eq!(
        with_baseline(&src, "../base.json", &["../src/b.rs"]),
        (1, 0, 0)
    );
    // a fixed finding is counted from inside the tree too, and so is a deleted file's
    common::write(&root, "src/a.rs", CLEAN.as_bytes());
    assert_eq!(with_baseline(&src, "../base.json", &["."]), (1, 1, 0));
    std::fs::remove_file(src.join("b.rs")).unwrap();
    assert_eq!(with_baseline(&src, "../base.json", &["a.rs"]), (0, 2, 0));
}

#[test]
fn baseline_with_bom_old_paths_and_huge_counts_is_read() {
    let d = tree(&[("src/a.rs", UNUSED)]);
    racelint(d.path())
        .args(["check", "--write-baseline", "base.json"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(d.path().join("base.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    // as racelint 0.1 wrote it: no `paths`, names as shown (`./` allowed), plus an entry
    // repeated with counts whose sum overflows
    v.as_object_mut().unwrap().remove("paths");
    let mut entry = v["entries"][0].clone();
    entry["file"] = serde_json::json!("./src/a.rs");
    entry["count"] = serde_json::json!(u64::MAX);
    v["entries"] = serde_json::json!([entry.clone(), entry]);
    let text = format!("\u{feff}{}", serde_json::to_string_pretty(&v).unwrap());
    common::write(d.path(), "old.json", text.as_bytes());
    // the counts saturate: one finding matched, the rest of "all of them" fixed
    assert_eq!(
        with_baseline(d.path(), "old.json", &[]),
        (1, u64::MAX - 1, 0)
    );
}

/// `racelint check PATH --format json` in `dir`: each finding as `"rule file:line"`, sorted.
fn findings_at(dir: &std::path::Path, path: &str) -> Vec<String> {
    let out = racelint(dir)
        .args(["check", path, "--format", "json", "--no-cache"])
        .output()
        .expect("run racelint");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
    let mut f: Vec<String> = v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            format!(
                "{} {}:{}",
                d["rule"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"]
            )
        })
        .collect();
    f.sort();
    f
}

#[test]
fn a_pub_function_nothing_calls_is_dead_only_where_the_run_sees_every_caller() {
    const LIB: &str = "use std::sync::Mutex;\n\nstatic M: Mutex<u32> = Mutex::new(0);\n\n\
        pub fn used() {\n    let _a = M.lock().unwrap();\n    let _b = M.lock().unwrap();\n}\n\n\
        pub fn dead() {\n    let _a = M.lock().unwrap();\n    let _b = M.lock().unwrap();\n}\n";
    let ws = |publish: &str| {
        tree(&[
            (
                "Cargo.toml",
                "[workspace]\nmembers = [\"app\", \"core\"]\nresolver = \"2\"\n",
            ),
            (
                "app/Cargo.toml",
                "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
            ),
            ("app/src/main.rs", "fn main() {\n    core::used();\n}\n"),
            (
                "core/Cargo.toml",
                &format!(
                    "[package]\nname = \"core\"\nversion = \"0.1.0\"\nedition = \"2021\"\n{publish}"
                ),
            ),
            ("core/src/lib.rs", LIB),
        ])
    };
    let used = "double-lock core/src/lib.rs:7".to_string();
    let dead = "double-lock core/src/lib.rs:12".to_string();
    // the whole workspace: `dead` has no caller, and nothing outside can call it
    let d = ws("publish = false\n");
    assert_eq!(findings_at(d.path(), "."), vec![used.clone()]);
    // one crate of the workspace walked alone: another crate may call `dead`
    let inner = findings_at(&d.path().join("core"), ".");
    assert_eq!(
        inner,
        vec![
            "double-lock src/lib.rs:12".to_string(),
            "double-lock src/lib.rs:7".to_string()
        ]
    );
    // a C-compatible library: other languages call its `pub` functions through bindings
    let d = ws("publish = false\n\n[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n");
    assert_eq!(findings_at(d.path(), "."), vec![dead.clone(), used.clone()]);
    // a published library: its `pub` functions are API that other workspaces call
    let d = ws("");
    assert_eq!(findings_at(d.path(), "."), vec![dead, used]);
}
