//! Daily use: colour conventions, the progress bar, the empty run, `racelint config`, "did you
//! mean", the baseline's plurals on stderr.

mod common;

use std::process::Command;

use common::{CLEAN, UNUSED, json, racelint, stderr, stdout, tree};

/// The binary run on a pseudo-terminal (`script`): stdout and stderr are a terminal. Returns
/// what the terminal received.
#[cfg(target_os = "linux")]
fn on_terminal(dir: &std::path::Path, args: &str, env: &[(&str, &str)]) -> String {
    let cmd = format!("{} {args}", env!("CARGO_BIN_EXE_racelint"));
    let mut c = Command::new("script");
    c.args(["-qec", &cmd, "/dev/null"]).current_dir(dir);
    for v in [
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "RACELINT_PROGRESS_AFTER_MS",
    ] {
        c.env_remove(v);
    }
    c.env("TERM", "xterm-256color");
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c
        .output()
        .expect("`script` (util-linux) runs the binary on a terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[cfg(target_os = "linux")]
#[test]
fn colour_follows_no_color_clicolor_and_term() {
    let d = tree(&[("a.rs", UNUSED)]);
    const ANSI: &str = "\x1b[";
    // a terminal gets colour, unless TERM=dumb, NO_COLOR or CLICOLOR=0 says otherwise
    assert!(on_terminal(d.path(), "check", &[]).contains(ANSI));
    for env in [("TERM", "dumb"), ("NO_COLOR", "1"), ("CLICOLOR", "0")] {
        let out = on_terminal(d.path(), "check", &[env]);
        assert!(!out.contains(ANSI), "{env:?}: {out}");
        assert!(out.contains("unused-suppression"), "{env:?}: {out}");
    }
    // --color overrides the environment
    let out = on_terminal(d.path(), "check --color always", &[("NO_COLOR", "1")]);
    assert!(out.contains(ANSI), "{out}");
    let out = on_terminal(d.path(), "check --color never", &[]);
    assert!(!out.contains(ANSI), "{out}");

    // a pipe gets no colour, unless CLICOLOR_FORCE (and NO_COLOR beats it)
    let piped = |env: &[(&str, &str)]| {
        let mut c = racelint(d.path());
        c.arg("check")
            .env_remove("CLICOLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in env {
            c.env(k, v);
        }
        stdout(&c.assert().code(0))
    };
    assert!(!piped(&[]).contains(ANSI));
    assert!(piped(&[("CLICOLOR_FORCE", "1")]).contains(ANSI));
    // the CLICOLOR standard: a value other than `0` forces colour; `0` (or empty) does not
    for off in ["0", ""] {
        let out = piped(&[("CLICOLOR_FORCE", off)]);
        assert!(!out.contains(ANSI), "CLICOLOR_FORCE={off:?}: {out}");
    }
    assert!(!piped(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains(ANSI));
    // an output file gets none either, even with CLICOLOR_FORCE
    racelint(d.path())
        .args(["check", "--output", "out.txt"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .code(0);
    let written = std::fs::read_to_string(d.path().join("out.txt")).unwrap();
    assert!(
        !written.contains(ANSI) && written.contains("1 note"),
        "{written}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn progress_is_shown_on_a_terminal_only() {
    let d = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"shown-crate\"\nversion = \"0.1.0\"\n",
        ),
        ("src/lib.rs", "mod a;\nmod b;\nmod c;\n"),
        ("src/a.rs", UNUSED),
        ("src/b.rs", CLEAN),
        ("src/c.rs", CLEAN),
    ]);
    let now = [("RACELINT_PROGRESS_AFTER_MS", "0")];
    // on a terminal, once the run lasts longer than the delay (here: at once), with the crate
    let out = on_terminal(d.path(), "check --color never", &now);
    assert!(out.contains("racelint: checking"), "{out}");
    assert!(out.contains("/4 files"), "{out}");
    assert!(
        out.contains("shown-crate") || out.contains("(cross-file analysis)"),
        "{out}"
    );
    // a short run with the default delay of one second shows none
    let out = on_terminal(d.path(), "check --color never", &[]);
    assert!(!out.contains("racelint: checking"), "{out}");
    // nor does TERM=dumb, or --quiet
    for (args, env) in [
        ("check", &[now[0], ("TERM", "dumb")][..]),
        ("check --quiet", &now[..]),
    ] {
        let out = on_terminal(d.path(), args, env);
        assert!(!out.contains("racelint: checking"), "{args}: {out}");
    }
    // a pipe (CI, an editor) never gets it: stderr stays empty
    let a = racelint(d.path())
        .args(["check", "--format", "json"])
        .env("RACELINT_PROGRESS_AFTER_MS", "0")
        .assert()
        .code(0);
    assert_eq!(stderr(&a), "");
    assert_eq!(json(&a)["summary"]["files_scanned"], 4);
}

#[test]
fn an_empty_run_warns_and_exits_0() {
    let d = tree(&[("README.md", "no Rust here\n")]);
    let a = racelint(d.path()).arg("check").assert().code(0);
    assert!(stdout(&a).contains("no findings (0 files checked)"));
    assert!(
        stderr(&a).starts_with("warning: no Rust files to check"),
        "{}",
        stderr(&a)
    );
    let a = racelint(d.path())
        .args(["check", "--quiet"])
        .assert()
        .code(0);
    assert_eq!(stderr(&a), "");
    // one file checked: no warning
    let d = tree(&[("a.rs", CLEAN)]);
    let a = racelint(d.path()).arg("check").assert().code(0);
    assert_eq!(stderr(&a), "");
}

#[test]
fn config_prints_the_file_used_and_the_effective_settings() {
    let d = tree(&[
        ("src/a.rs", CLEAN),
        (
            "racelint.toml",
            "select = [\"lock-order\"]\nexclude = [\"gen\"]\ntest-code = \"lint\"\n\n[severity]\ndouble-lock = \"note\"\n\n[per-file-ignores]\n\"tests/**\" = [\"guard-across-await\"]\n\n[rules.double-lock]\n",
        ),
    ]);
    let a = racelint(&d.path().join("src"))
        .arg("config")
        .assert()
        .code(0);
    let out = stdout(&a);
    let file = d.path().join("racelint.toml");
    assert!(
        out.starts_with(&format!("# config file: {}\n", file.display())),
        "{out}"
    );
    for line in [
        "select = [\"lock-order\"]\n",
        "exclude = [\"gen\"]\n",
        "test-code = \"lint\"\n",
        "double-lock = \"note\"\n",
        "lock-order-inversion = \"warning\"\n",
        "fs-toctou = \"off\"\n",
        "\"tests/**\" = [\"guard-across-await\"]\n",
        "[rules.double-lock]\n",
    ] {
        assert!(out.contains(line), "`{line}` missing:\n{out}");
    }
    // what it prints is a config that loads
    common::write(d.path(), "printed.toml", out.as_bytes());
    racelint(d.path())
        .args(["check", "--config", "printed.toml"])
        .assert()
        .code(0);
    // no config: the defaults, every rule at its default severity
    let e = tree(&[("a.rs", CLEAN)]);
    let out = stdout(&racelint(e.path()).arg("config").assert().code(0));
    assert!(
        out.starts_with("# config file: none found; the defaults apply\n"),
        "{out}"
    );
    assert!(out.contains("select = [\"all\"]\n"), "{out}");
    assert!(out.contains("double-lock = \"error\"\n"), "{out}");
    // --config FILE, and a bad one
    let out = stdout(
        &racelint(e.path())
            .args(["config", "--config"])
            .arg(&file)
            .assert()
            .code(0),
    );
    assert!(out.contains("double-lock = \"note\"\n"), "{out}");
    common::write(e.path(), "bad.toml", b"selct = []\n");
    let a = racelint(e.path())
        .args(["config", "--config", "bad.toml"])
        .assert()
        .code(2);
    assert!(
        stderr(&a).contains("unknown key `selct` (did you mean `select`?)"),
        "{}",
        stderr(&a)
    );
}

#[test]
fn misspelt_names_get_a_suggestion() {
    let d = tree(&[(
        "a.rs",
        "fn a() {\n    // racelint: allow(doubel-lock) nothing to allow\n    let _x = 1;\n}\n",
    )]);
    for (args, want) in [
        (
            &["check", "--select", "lock-ordr"][..],
            "did you mean `lock-order`?",
        ),
        (
            &["check", "--ignore", "doubel-lock"],
            "did you mean `double-lock`?",
        ),
        (&["rule", "spin-on-lok"], "did you mean `spin-on-lock`?"),
        (
            &["chek"],
            "path does not exist: chek; did you mean the subcommand `check`?",
        ),
        (&["confg", "."], "did you mean the subcommand `config`?"),
    ] {
        let a = racelint(d.path()).args(args).assert().code(2);
        assert!(stderr(&a).contains(want), "{args:?}: {}", stderr(&a));
    }
    // a suppression naming an unknown rule: the suggestion is an edit
    let a = racelint(d.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(0);
    let v = json(&a);
    let s = &v["diagnostics"][0]["suggestion"];
    assert_eq!(s["message"], "did you mean `double-lock`?", "{v:#}");
    assert_eq!(s["edits"][0]["replacement"], "double-lock");
    assert_eq!(s["edits"][0]["column"], 24);
    // config: rule ids, keys and rule options
    for (config, want) in [
        (
            "ignore = [\"spin-on-lok\"]\n",
            "did you mean `spin-on-lock`?",
        ),
        (
            "[severity]\ndoubel-lock = \"off\"\n",
            "did you mean `double-lock`?",
        ),
        (
            "exlude = []\n",
            "unknown key `exlude` (did you mean `exclude`?)",
        ),
        ("[rules.doubel-lock]\n", "did you mean `double-lock`?"),
        (
            "[rules.store-get-then-save]\nread-verb = [\"x\"]\n",
            "`read-verb` (did you mean `read-verbs`?)",
        ),
    ] {
        common::write(d.path(), "racelint.toml", config.as_bytes());
        let a = racelint(d.path()).arg("check").assert().code(2);
        assert!(stderr(&a).contains(want), "{config}: {}", stderr(&a));
    }
}

#[test]
fn baseline_counts_on_stderr_use_singular_and_plural() {
    let d = tree(&[("a.rs", UNUSED)]);
    let a = racelint(d.path())
        .args(["check", "--format", "json", "--write-baseline", "b.json"])
        .assert()
        .code(0);
    assert_eq!(
        stderr(&a),
        "racelint: recorded 1 finding in b.json (1 entry)\n"
    );
    let a = racelint(d.path())
        .args(["check", "--format", "json", "--baseline", "b.json"])
        .assert()
        .code(0);
    assert_eq!(
        stderr(&a),
        "racelint: 1 finding hidden by the baseline; 0 baseline entries fixed\n"
    );
    common::write(d.path(), "a.rs", CLEAN.as_bytes());
    let a = racelint(d.path())
        .args(["check", "--format", "json", "--baseline", "b.json"])
        .assert()
        .code(0);
    assert_eq!(
        stderr(&a),
        "racelint: 0 findings hidden by the baseline; 1 baseline entry fixed\n"
    );
}
