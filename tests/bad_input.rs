//! Bad input never crashes racelint: each bad file is a per-file error (with its position when
//! there is one) and every other file is still linted.

mod common;

use common::{CLEAN, UNUSED, json, racelint, tree};

/// Run `check --format json` in `dir` and return the JSON and the exit code.
/// `--fail-on note`: the files here hold notes (unused suppressions), and exit code 1 says
/// that they were linted.
fn check(dir: &std::path::Path) -> (serde_json::Value, i32) {
    let a = racelint(dir)
        .args(["check", "--format", "json", "--fail-on", "note"])
        .assert();
    let code = a.get_output().status.code().unwrap_or(-1);
    (json(&a), code)
}

fn error_for<'a>(v: &'a serde_json::Value, file: &str) -> &'a serde_json::Value {
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["file"] == file)
        .unwrap_or_else(|| panic!("no error for {file}: {v:#}"))
}

fn linted(v: &serde_json::Value, file: &str) -> bool {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["file"] == file)
}

#[test]
fn invalid_utf8_is_reported_at_its_first_bad_byte() {
    let d = tree(&[("good.rs", UNUSED)]);
    common::write(
        d.path(),
        "latin1.rs",
        b"fn f() {\n    let s = \"caf\xe9\";\n}\n",
    );
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    let e = error_for(&v, "latin1.rs");
    assert!(e["message"].as_str().unwrap().contains("UTF-8"), "{e}");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(2), Some(17))
    );
    assert!(linted(&v, "good.rs"));
}

#[test]
fn syntax_errors_have_a_position() {
    let d = tree(&[
        ("good.rs", UNUSED),
        ("bad.rs", "fn f() {\n    let x = ;\n}\n"),
    ]);
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    let e = error_for(&v, "bad.rs");
    assert_eq!(e["line"], 2, "{e}");
    assert!(e["column"].as_u64().is_some());
    assert!(linted(&v, "good.rs"));
    // a byte-order mark and a shebang are fine
    let d = tree(&[
        ("bom.rs", "\u{feff}fn f() {}\n"),
        (
            "script.rs",
            "#!/usr/bin/env run-cargo-script\nfn main() {}\n",
        ),
    ]);
    let (v, code) = check(d.path());
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn deeply_nested_expression_does_not_crash() {
    let n = 10_000;
    let deep = format!("fn f() -> i32 {{ {}1{} }}\n", "(".repeat(n), ")".repeat(n));
    let d = tree(&[("deep.rs", &deep), ("good.rs", UNUSED)]);
    let (v, code) = check(d.path());
    assert_eq!(code, 1, "{v:#}");
    assert!(linted(&v, "good.rs"));
    // far deeper than anything real: refused with a position, not a stack overflow
    let n = 200_000;
    let deeper = format!("fn f() -> i32 {{ {}1{} }}\n", "(".repeat(n), ")".repeat(n));
    common::write(d.path(), "deeper.rs", deeper.as_bytes());
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    let e = error_for(&v, "deeper.rs");
    assert!(e["message"].as_str().unwrap().contains("levels"), "{e}");
    assert!(linted(&v, "good.rs"));
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_a_per_path_error() {
    let d = tree(&[("src/good.rs", UNUSED)]);
    std::os::unix::fs::symlink(d.path().join("src"), d.path().join("src/again")).unwrap();
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    let e = error_for(&v, "src/again");
    assert!(e["message"].as_str().unwrap().contains("loop"), "{e}");
    assert!(linted(&v, "src/good.rs"));
}

#[cfg(unix)]
#[test]
fn paired_directory_links_are_walked_once() {
    // d0/{a,b} -> d1, d1/{a,b} -> d2, ...: 2^16 paths to d16/x.rs, one directory each
    let levels = 16;
    let d = tree(&[(&format!("d{levels}/x.rs"), UNUSED)]);
    for i in 0..levels {
        let dir = d.path().join(format!("d{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["a", "b"] {
            std::os::unix::fs::symlink(format!("../d{}", i + 1), dir.join(name)).unwrap();
        }
    }
    let (v, code) = check(d.path());
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(v["summary"]["files_scanned"], 1, "{v:#}");
    assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{v:#}");
}

#[cfg(unix)]
#[test]
fn deleted_file_behind_a_link_is_a_per_file_error() {
    let d = tree(&[("good.rs", UNUSED)]);
    std::os::unix::fs::symlink(d.path().join("deleted.rs"), d.path().join("gone.rs")).unwrap();
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    let e = error_for(&v, "gone.rs");
    assert!(
        e["message"].as_str().unwrap().contains("cannot read"),
        "{e}"
    );
    assert!(linted(&v, "good.rs"));
}

#[cfg(unix)]
#[test]
fn unreadable_directory_is_a_per_path_error() {
    use std::os::unix::fs::PermissionsExt;
    let d = tree(&[("good.rs", UNUSED), ("locked/inner.rs", CLEAN)]);
    let locked = d.path().join("locked");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // root reads it anyway: then there is nothing to test
    let readable = std::fs::read_dir(&locked).is_ok();
    let result = (!readable).then(|| check(d.path()));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let Some((v, code)) = result else {
        eprintln!("skipped: running as a user that can read a mode-000 directory");
        return;
    };
    assert_eq!(code, 1);
    let e = error_for(&v, "locked");
    assert!(
        e["message"].as_str().unwrap().contains("permission denied"),
        "{e}"
    );
    assert!(linted(&v, "good.rs"));
}

#[test]
fn empty_directory_is_clean() {
    let d = tree(&[]);
    std::fs::create_dir(d.path().join("empty")).unwrap();
    let (v, code) = check(&d.path().join("empty"));
    assert_eq!(code, 0);
    assert_eq!(v["summary"]["files_scanned"], 0);
    let (_, code) = check(d.path());
    assert_eq!(code, 0);
}

#[test]
fn deep_keyword_nesting_is_a_per_file_error() {
    // `return return … 1` nests without a bracket: refused with a position, not a stack
    // overflow that would abort the whole run
    let n = 300_000;
    let d = tree(&[
        ("good.rs", UNUSED),
        (
            "ret.rs",
            &format!("fn f() {{ {}1; }}\n", "return ".repeat(n)),
        ),
        (
            "brk.rs",
            &format!("fn f() {{ loop {{ {}1; }} }}\n", "break ".repeat(n)),
        ),
    ]);
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    for file in ["ret.rs", "brk.rs"] {
        let e = error_for(&v, file);
        assert!(e["message"].as_str().unwrap().contains("levels"), "{e}");
        assert_eq!(e["line"], 1, "{e}");
    }
    assert!(linted(&v, "good.rs"));
    // a `return` per statement is no nesting
    let flat = format!("fn f() {{ {} }}\n", "if true { return; } ".repeat(30_000));
    let d = tree(&[("flat.rs", &flat)]);
    let (v, code) = check(d.path());
    assert_eq!(code, 0, "{v:#}");
}

#[test]
fn absurdly_long_number_literal_is_a_per_file_error() {
    let text = format!("const X: u128 = {};\n", "1".repeat(100_000));
    let d = tree(&[("good.rs", UNUSED), ("lit.rs", &text)]);
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    let e = error_for(&v, "lit.rs");
    assert!(
        e["message"].as_str().unwrap().contains("number literal"),
        "{e}"
    );
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(1), Some(17))
    );
    assert!(linted(&v, "good.rs"));
}

#[test]
fn deep_closures_and_async_blocks_below_the_cap_are_linted() {
    // Below the nesting cap: linted (closure names no longer grow with the depth, which
    // made the model quadratic: 20 000 closures took gigabytes). Async blocks fewer: a debug
    // build's frames are several times larger than a release build's.
    let closures = format!("fn f() {{ let g = {}1; }}\n", "|| ".repeat(20_000));
    let n = 5_000;
    let blocks = format!(
        "async fn f() {{ {}1{}; }}\n",
        "async { ".repeat(n),
        " }.await".repeat(n)
    );
    let d = tree(&[
        ("good.rs", UNUSED),
        ("closures.rs", &closures),
        ("blocks.rs", &blocks),
    ]);
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{v:#}");
    assert_eq!(v["summary"]["files_scanned"], 3);
    assert!(linted(&v, "good.rs"));
    // nested `if`s on a parameter: whether only drops lie between the parameter and each
    // condition is decided from the first statement, not from all the text in between
    let n = 10_000;
    let ifs = format!(
        "fn f(a: bool) {{ {}1;{} }}\n",
        "if a { ".repeat(n),
        " }".repeat(n)
    );
    let d = tree(&[("good.rs", UNUSED), ("ifs.rs", &ifs)]);
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{v:#}");
    assert!(linted(&v, "good.rs"));
}

#[cfg(unix)]
#[test]
fn links_out_of_the_tree_are_not_followed_unless_asked() {
    let outside = tree(&[
        ("secret.rs", "root:x:0:0:SECRET-CONTENT:/root:/bin/bash\n"),
        ("dir/f.rs", UNUSED),
    ]);
    let d = tree(&[("real.rs", UNUSED)]);
    let link = |target: std::path::PathBuf, name: &str| {
        std::os::unix::fs::symlink(target, d.path().join(name)).unwrap()
    };
    link(outside.path().join("secret.rs"), "x.rs");
    link(outside.path().join("dir"), "etc");
    // a link that stays inside the tree is followed (and the file linted once)
    link(d.path().join("real.rs"), "alias.rs");
    for format in ["human", "json"] {
        let a = racelint(d.path())
            .args(["check", "--color", "never", "--format", format])
            .args(["--fail-on", "note"])
            .assert()
            .code(1);
        let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
        assert!(!out.contains("SECRET-CONTENT"), "{out}");
        assert!(!out.contains("etc/f.rs") && !out.contains("x.rs"), "{out}");
        if format == "json" {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["summary"]["files_scanned"], 1, "{v:#}");
            assert!(linted(&v, "alias.rs") || linted(&v, "real.rs"));
        }
    }
    // asked for: both are walked
    let a = racelint(d.path())
        .args(["check", "--format", "json", "--follow-links"])
        .assert()
        .code(1);
    let v = json(&a);
    assert!(linted(&v, "etc/f.rs"), "{v:#}");
    error_for(&v, "x.rs");
    // ... and named by the link's path in the tree, never by where the link leads
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    let target = outside.path().to_string_lossy().into_owned();
    assert!(!out.contains(&target), "{out}");
}

#[cfg(unix)]
#[test]
fn a_tree_of_only_outside_links_says_they_were_skipped() {
    let outside = tree(&[("secret.rs", UNUSED)]);
    let d = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.rs"), d.path().join("x.rs")).unwrap();
    let a = racelint(d.path()).args(["check"]).assert().code(0);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(
        err.contains("1 symbolic link under the given paths resolves outside them and was skipped")
            && err.contains("--follow-links"),
        "{err}"
    );
    // a named link is asked for: it is linted
    let a = racelint(d.path()).args(["check", "x.rs"]).assert();
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(!err.contains("no Rust files"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_file_deeper_than_path_max_is_an_error_not_skipped() {
    let d = tree(&[("top.rs", UNUSED)]);
    // 25 directories of 200 characters: past PATH_MAX (4096), made one `cd` at a time
    let made = std::process::Command::new("bash")
        .arg("-c")
        .arg(
            "i=0; while [ $i -lt 25 ]; do mkdir \"$0\" && cd \"$0\" || exit 1; i=$((i+1)); done; echo 'fn f() {}' > deep.rs",
        )
        .arg("d".repeat(200))
        .current_dir(d.path())
        .status()
        .expect("sh");
    assert!(made.success());
    let (v, code) = check(d.path());
    assert_eq!(code, 1, "{v:#}");
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v:#}");
    let e = &errors[0];
    assert!(e["file"].as_str().unwrap().starts_with("dddd"), "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("cannot read"),
        "{e}"
    );
    assert!(linted(&v, "top.rs"));
}

#[test]
// Release builds only (`cargo test --release --test bad_input`): a debug build's frames are
// several times larger and 13 of these shapes overflow its 512 MB stack (issue #17, open).
#[cfg_attr(
    debug_assertions,
    ignore = "debug frames overflow below the cap; run with --release"
)]
fn every_nesting_shape_just_below_the_cap_is_linted() {
    // The nesting limit is a scan before parsing; everything after it (syn's parser, the
    // model's walks, span code, the rules) recurses. Each shape here nests just below the
    // cap and must be linted without overflowing a stack, beside a file with a finding.
    let n = engine_cap() - 1_000;
    let r = |s: &str| s.repeat(n);
    let shapes: Vec<(&str, String)> = vec![
        (
            "blocks",
            format!("fn f() {{ let _ = {}1{}; }}", r("{ "), r(" }")),
        ),
        ("closures", format!("fn f() {{ let _ = {}1; }}", r("|| "))),
        (
            "closure_blocks",
            format!("fn f() {{ let _ = {}1{}; }}", r("|| { "), r(" }")),
        ),
        (
            "async_blocks",
            format!("async fn f() {{ {}1{}; }}", r("async { "), r(" }.await")),
        ),
        (
            "parens",
            format!("fn f() {{ let _ = {}1{}; }}", r("("), r(")")),
        ),
        (
            "casts",
            format!("fn f(x: u32) {{ let _ = x{}; }}", r(" as u8")),
        ),
        ("unary", format!("fn f(a: bool) {{ let _ = {}a; }}", r("!"))),
        ("neg", format!("fn f(a: i32) {{ let _ = {}a; }}", r("- "))),
        ("refs", format!("fn f(a: i32) {{ let _ = {}a; }}", r("& "))),
        (
            "method_chain",
            format!("fn f(a: i32) {{ let _ = a{}; }}", r(".b()")),
        ),
        (
            // every lock call of the chain is an acquisition whose receiver is the rest of
            // the chain (the model copied that receiver at each one: quadratic)
            "lock_chain",
            format!(
                "fn f(m: &Mutex<Vec<u8>>) {{ let _ = m{}; }}",
                ".lock().unwrap()".repeat(n / 2)
            ),
        ),
        (
            "calls",
            format!("fn f() {{ let _ = {}1{}; }}", r("g("), r(")")),
        ),
        (
            "index",
            format!("fn f() {{ let _ = {}1{}; }}", r("a["), r("]")),
        ),
        (
            "struct_literals",
            format!("fn f() {{ let _ = {}1{}; }}", r("S { a: "), r(" }")),
        ),
        (
            "match_arms",
            format!(
                "fn f(x: u32) {{ let _ = {}1{}; }}",
                r("match x { _ => "),
                r(" }")
            ),
        ),
        (
            "if_else",
            format!(
                "fn f(a: bool) {{ let _ = {}1{}; }}",
                r("if a { "),
                r(" } else { 0 }")
            ),
        ),
        (
            "else_if",
            format!(
                "fn f(a: bool) {{ let _ = {}{{ 0 }}; }}",
                r("if a { 1 } else ")
            ),
        ),
        (
            "loops",
            format!("fn f() {{ {}break;{} }}", r("loop { "), r(" }")),
        ),
        (
            "macros",
            format!("fn f() {{ let _ = {}1{}; }}", r("vec!["), r("]")),
        ),
        ("types", format!("type T = {}u8{};", r("Vec<"), r(">"))),
        ("tuple_types", format!("type T = {}u8{};", r("("), r(",)"))),
        (
            "patterns",
            format!("fn f() {{ let {}x{} = 1; }}", r("("), r(")")),
        ),
        (
            "struct_patterns",
            format!("fn f() {{ let {}x{} = 1; }}", r("S("), r(")")),
        ),
        ("returns", format!("fn f() {{ {}1; }}", r("return "))),
        (
            "ranges",
            format!("fn f() {{ let _ = {}1{}; }}", r("(.."), r(")")),
        ),
        ("modules", format!("{}{}", r("mod m { "), r(" }"))),
        (
            "inner_fns",
            format!("fn f() {{ {}{} }}", r("fn g() { "), r(" }")),
        ),
    ];
    let mut files: Vec<(String, String)> = shapes
        .into_iter()
        .map(|(name, text)| (format!("{name}.rs"), text + "\n"))
        .collect();
    files.push(("good.rs".into(), UNUSED.into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let d = tree(&refs);
    let (v, code) = check(d.path());
    assert_eq!(code, 1, "{}", v["errors"]);
    assert_eq!(v["errors"], serde_json::json!([]));
    assert!(linted(&v, "good.rs"), "{v:#}");
    assert_eq!(
        v["summary"]["files_scanned"],
        files.len(),
        "{}",
        v["summary"]
    );
}

fn engine_cap() -> usize {
    racelint::engine::MAX_NESTING
}
