//! Lint what cargo compiles: the targets of each package and the files their `mod`
//! declarations load; other `.rs` files in a package (test data, fixtures) are skipped and
//! counted, `--all-files` lints them, and a file named on the command line is always linted.

mod common;

use common::{CLEAN, UNUSED, json, racelint, stdout, tree};

const BROKEN: &str = "fn broken( {\n";

/// A workspace of two packages using every way cargo finds a file, plus test data.
fn workspace() -> tempfile::TempDir {
    tree(&[
        ("Cargo.toml", "[workspace]\nmembers = [\"a\", \"b\"]\n"),
        (
            "a/Cargo.toml",
            "[package]\nname = \"a\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[[bin]]\nname = \"tool\"\npath = \"tools/tool.rs\"\n",
        ),
        (
            "a/src/lib.rs",
            "mod plain;\npub mod dir;\n#[cfg(unix)]\n#[path = \"sys/unix_impl.rs\"]\nmod sys;\n#[cfg(windows)]\n#[path = \"sys/windows_impl.rs\"]\nmod sys;\nmod inline {\n    mod nested;\n}\ncfg_if::cfg_if! {\n    if #[cfg(feature = \"x\")] { mod from_macro; }\n}\nmy_macros::mod_pub!(declared_by_macro, missing_file);\nother_macro!(orphan);\n#[macro_use]\nmod macros;\nmod fns;\n",
        ),
        ("a/src/plain.rs", "mod child;\n"),
        ("a/src/plain/child.rs", CLEAN),
        ("a/src/dir/mod.rs", "mod leaf;\n"),
        ("a/src/dir/leaf.rs", CLEAN),
        ("a/src/sys/unix_impl.rs", CLEAN),
        ("a/src/sys/windows_impl.rs", CLEAN),
        ("a/src/inline/nested.rs", CLEAN),
        ("a/src/from_macro.rs", CLEAN),
        // named in a module-declaring macro (`mod_pub!(a b)` expands to `pub mod a; pub mod b;`)
        ("a/src/declared_by_macro.rs", CLEAN),
        // a `macro_rules!` of another file whose transcriber declares `mod $f;` (SQLPage's
        // `sqlpage_functions! { fetch, exec }`): its calls name module files; a call of
        // another macro does not
        (
            "a/src/macros.rs",
            "macro_rules! declare_fns {\n    ($($f:ident),* $(,)?) => {\n        $( mod $f; )*\n        pub enum Fns { $($f),* }\n    };\n}\n",
        ),
        (
            "a/src/fns.rs",
            "declare_fns! {\n    fetch_one,\n    fetch_two,\n}\nother_macro!(not_a_module);\nfn f() { declare_fns!(in_body); }\n",
        ),
        ("a/src/fns/fetch_one.rs", CLEAN),
        ("a/src/fns/fetch_two.rs", CLEAN),
        ("a/src/fns/not_a_module.rs", UNUSED),
        ("a/src/main.rs", CLEAN),
        ("a/src/bin/extra.rs", CLEAN),
        ("a/src/bin/multi/main.rs", "mod helper;\n"),
        ("a/src/bin/multi/helper.rs", CLEAN),
        ("a/tools/tool.rs", CLEAN),
        ("a/tests/it.rs", "mod common;\n"),
        ("a/tests/common/mod.rs", CLEAN),
        ("a/examples/ex.rs", CLEAN),
        ("a/benches/bench.rs", CLEAN),
        ("a/build.rs", "include!(\"build/common.rs\");\n"),
        ("a/build/common.rs", CLEAN),
        // test data: no crate compiles these
        ("a/tests/data/broken.rs", BROKEN),
        ("a/tests/data/nested/finding.rs", UNUSED),
        ("a/src/orphan.rs", UNUSED),
        (
            "b/Cargo.toml",
            "[package]\nname = \"b\"\nversion = \"0.1.0\"\n",
        ),
        ("b/src/lib.rs", CLEAN),
        ("b/fixtures/f.rs", BROKEN),
    ])
}

#[test]
fn only_compiled_files_are_linted_and_the_rest_is_counted() {
    let d = workspace();
    let a = racelint(d.path())
        .args(["check", "--fail-on", "note", "--format", "json"])
        .assert()
        .code(0);
    let v = json(&a);
    assert_eq!(v["summary"]["files_scanned"], 26, "{v:#}");
    assert_eq!(v["summary"]["files_not_in_crate"], 5, "{v:#}");
    assert_eq!(v["errors"], serde_json::json!([]));
    let a = racelint(d.path())
        .args(["check", "--color", "never"])
        .assert()
        .code(0);
    let out = stdout(&a);
    assert!(
        out.contains("no findings (26 files checked, 5 files not in any crate skipped)"),
        "{out}"
    );
}

#[test]
fn all_files_lints_test_data_too() {
    let d = workspace();
    let v = json(
        &racelint(d.path())
            .args(["check", "--all-files", "--format", "json"])
            .assert()
            .code(1),
    );
    assert_eq!(v["summary"]["files_scanned"], 31, "{v:#}");
    assert_eq!(v["summary"]["files_not_in_crate"], 0);
    assert_eq!(v["errors"].as_array().unwrap().len(), 2, "{v:#}");
}

#[test]
fn a_file_named_on_the_command_line_is_always_linted() {
    let d = workspace();
    let v = json(
        &racelint(d.path())
            .args([
                "check",
                "--fail-on",
                "note",
                "--format",
                "json",
                "a/tests/data/nested/finding.rs",
            ])
            .assert()
            .code(1),
    );
    assert_eq!(v["summary"]["files_scanned"], 1, "{v:#}");
    assert_eq!(v["diagnostics"][0]["rule"], "unused-suppression");
    // a sub-directory: its files that a crate compiles, found from the package's targets
    let v = json(
        &racelint(d.path())
            .args(["check", "--fail-on", "note", "--format", "json", "a/src"])
            .assert()
            .code(0),
    );
    assert_eq!(v["summary"]["files_scanned"], 18, "{v:#}");
    assert_eq!(v["summary"]["files_not_in_crate"], 2, "{v:#}");
}

#[test]
fn without_a_manifest_every_file_is_linted() {
    let d = tree(&[("a.rs", CLEAN), ("data/b.rs", UNUSED)]);
    let v = json(
        &racelint(d.path())
            .args(["check", "--fail-on", "note", "--format", "json"])
            .assert()
            .code(1),
    );
    assert_eq!(v["summary"]["files_scanned"], 2, "{v:#}");
    assert_eq!(v["summary"]["files_not_in_crate"], 0);
}

#[test]
fn explicit_targets_and_disabled_discovery() {
    let d = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\nautobins = false\nbuild = false\n\n[lib]\npath = \"lib/root.rs\"\n\n[[test]]\nname = \"t\"\npath = \"checks/t.rs\"\n",
        ),
        ("lib/root.rs", CLEAN),
        ("checks/t.rs", CLEAN),
        ("src/bin/not_built.rs", UNUSED),
        ("build.rs", UNUSED),
    ]);
    let v = json(
        &racelint(d.path())
            .args(["check", "--fail-on", "note", "--format", "json"])
            .assert()
            .code(0),
    );
    assert_eq!(v["summary"]["files_scanned"], 2, "{v:#}");
    assert_eq!(v["summary"]["files_not_in_crate"], 2, "{v:#}");
}

#[test]
fn stdin_is_linted_as_the_file_it_names_with_its_crate_read_from_disk() {
    use common::{A, B};
    let d = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\n",
        ),
        ("src/lib.rs", "mod a;\nmod b;\n"),
        ("src/a.rs", CLEAN),
        ("src/b.rs", B),
        ("src/orphan.rs", UNUSED),
    ]);
    // the buffer differs from the file on disk: the buffer is what is linted, and the struct
    // it locks comes from b.rs on disk
    let a = racelint(d.path())
        .args([
            "check",
            "--no-cache",
            "--format",
            "json",
            "--stdin-filename",
            "src/a.rs",
        ])
        .write_stdin(A)
        .assert()
        .code(1);
    let v = json(&a);
    assert_eq!(v["summary"]["files_scanned"], 1, "{v:#}");
    assert_eq!(
        v["diagnostics"][0]["rule"], "split-critical-section",
        "{v:#}"
    );
    assert_eq!(v["diagnostics"][0]["file"], "src/a.rs");
    // a clean buffer for a file that has a finding on disk
    racelint(d.path())
        .args(["check", "--stdin-filename", "src/orphan.rs"])
        .write_stdin(CLEAN)
        .assert()
        .code(0);
    // a buffer not saved yet, and with the cache: the same answers
    for _ in 0..2 {
        let a = racelint(d.path())
            .args([
                "check",
                "--fail-on",
                "note",
                "--format",
                "json",
                "--stdin-filename",
                "src/new.rs",
            ])
            .write_stdin(UNUSED)
            .assert()
            .code(1);
        assert_eq!(json(&a)["diagnostics"][0]["file"], "src/new.rs");
    }
    assert!(!d.path().join("src/new.rs").exists());
    // with paths it is a usage error
    racelint(d.path())
        .args(["check", "--stdin-filename", "src/a.rs", "src"])
        .write_stdin(A)
        .assert()
        .code(2);
}

#[test]
fn a_cross_file_finding_through_stdin_is_shown_from_the_buffer() {
    // the buffer closes a lock-order cycle with a file on disk; the file on disk at the
    // buffer's path differs from it (an unsaved edit): the finding stands and no "the file
    // changed while racelint ran" error is made up from the difference
    let d = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\n",
        ),
        ("src/lib.rs", "mod a;\nmod b;\n"),
        ("src/a.rs", common::FLUSH),
        ("src/b.rs", "use crate::a::Store;\n"),
    ]);
    for cache in [&["--no-cache"][..], &[], &[]] {
        let a = racelint(d.path())
            .args(["check", "--format", "json", "--stdin-filename", "src/b.rs"])
            .args(cache)
            .write_stdin(common::REBUILD)
            .assert()
            .code(1);
        let v = json(&a);
        assert_eq!(v["errors"], serde_json::json!([]), "{cache:?}: {v:#}");
        assert_eq!(v["diagnostics"][0]["rule"], "lock-order-inversion", "{v:#}");
    }
}

#[test]
fn files_under_a_virtual_workspace_in_no_member_are_not_in_any_crate() {
    // a cargo-generate template (`Cargo.toml.liquid`, Liquid tags in its sources) and a stray
    // script under a virtual workspace: cargo builds neither, so neither is linted
    let d = tree(&[
        ("Cargo.toml", "[workspace]\nmembers = [\"a\"]\n"),
        (
            "a/Cargo.toml",
            "[package]\nname = \"a\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("a/src/lib.rs", CLEAN),
        (
            "template/Cargo.toml.liquid",
            "[package]\nname = \"{{project-name}}\"\n",
        ),
        (
            "template/src/main.rs",
            "{% if wasm %}\nfn main() {}\n{% endif %}\n",
        ),
        ("scripts/stray.rs", UNUSED),
    ]);
    let a = racelint(d.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(0);
    let v = json(&a);
    assert_eq!(v["summary"]["files_scanned"], 1, "{v:#}");
    assert_eq!(v["summary"]["files_not_in_crate"], 2, "{v:#}");
    assert_eq!(v["errors"], serde_json::json!([]));
    // named, the template is linted (and does not parse)
    racelint(d.path())
        .args(["check", "template/src/main.rs"])
        .assert()
        .code(1);
}
