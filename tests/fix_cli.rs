//! `racelint check --fix`, `--unsafe-fixes` and `--diff` on a workspace.

mod common;

use common::{CLEAN, racelint, stderr, stdout, tree};

/// A `Relaxed` store of a flag read with `Acquire` (machine-applicable: `Release`), a
/// check-then-act on an atomic (maybe-incorrect: `swap`) and an unused suppression
/// (machine-applicable: removed).
const SRC: &str = "use std::sync::atomic::{AtomicBool, Ordering};

static READY: AtomicBool = AtomicBool::new(false);
static STARTED: AtomicBool = AtomicBool::new(false);

pub fn set() {
    setup();
    READY.store(true, Ordering::Relaxed);
}

pub fn wait() {
    while !READY.load(Ordering::Acquire) {
        std::hint::spin_loop();
    }
}

pub fn init() {
    if !STARTED.load(Ordering::Acquire) {
        STARTED.store(true, Ordering::Release);
        setup();
    }
}

fn setup() {
    // racelint: allow(double-lock) nothing to allow here
    let _x = 1;
}
";

fn read(d: &tempfile::TempDir, rel: &str) -> String {
    std::fs::read_to_string(d.path().join(rel)).unwrap()
}

#[test]
fn diff_prints_a_unified_diff_writes_nothing_and_exits_1() {
    let d = tree(&[("src/lib.rs", SRC)]);
    let a = racelint(d.path())
        .args(["check", "--diff", "src"])
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(
        out.starts_with("--- a/src/lib.rs\n+++ b/src/lib.rs\n"),
        "{out}"
    );
    assert!(out.contains("-    READY.store(true, Ordering::Relaxed);\n+    READY.store(true, Ordering::Release);\n"), "{out}");
    assert!(
        out.contains("-    // racelint: allow(double-lock) nothing to allow here\n"),
        "{out}"
    );
    // the maybe-incorrect rewrite needs --unsafe-fixes
    assert!(!out.contains("swap"), "{out}");
    assert!(
        stderr(&a).contains("2 fixes would be applied to 1 file"),
        "{}",
        stderr(&a)
    );
    assert_eq!(read(&d, "src/lib.rs"), SRC, "--diff writes nothing");

    let a = racelint(d.path())
        .args(["check", "--diff", "--unsafe-fixes", "src"])
        .assert()
        .code(1);
    let out = stdout(&a);
    assert!(
        out.contains("+    if !STARTED.swap(true, Ordering::AcqRel) {\n"),
        "{out}"
    );
    assert_eq!(read(&d, "src/lib.rs"), SRC);
}

#[test]
fn diff_of_a_clean_tree_is_empty_and_exits_0() {
    let d = tree(&[("src/lib.rs", CLEAN)]);
    let a = racelint(d.path())
        .args(["check", "--diff"])
        .assert()
        .code(0);
    assert_eq!(stdout(&a), "");
}

#[test]
fn fix_applies_the_machine_applicable_edits_and_reports_what_remains() {
    let d = tree(&[("src/lib.rs", SRC)]);
    let a = racelint(d.path())
        .args(["check", "--fix", "--color", "never"])
        .assert()
        .code(1);
    let fixed = read(&d, "src/lib.rs");
    assert!(
        fixed.contains("READY.store(true, Ordering::Release);"),
        "{fixed}"
    );
    assert!(!fixed.contains("racelint: allow"), "{fixed}");
    assert!(
        fixed.contains("if !STARTED.load(Ordering::Acquire) {"),
        "{fixed}"
    );
    let err = stderr(&a);
    assert!(
        err.contains("applied 2 fixes in 1 file; 1 finding remains"),
        "{err}"
    );
    // what remains is reported on the fixed text
    assert!(
        stdout(&a).contains("atomic-check-then-act"),
        "{}",
        stdout(&a)
    );
    assert!(!stdout(&a).contains("relaxed-flag-store"), "{}", stdout(&a));

    // nothing left to apply safely: the file stays as it is
    let a = racelint(d.path()).args(["check", "--fix"]).assert().code(1);
    assert!(
        stderr(&a).contains("applied 0 fixes in 0 files"),
        "{}",
        stderr(&a)
    );
    assert_eq!(read(&d, "src/lib.rs"), fixed);

    // --unsafe-fixes: the rest, and then nothing is found
    let a = racelint(d.path())
        .args(["check", "--fix", "--unsafe-fixes"])
        .assert()
        .code(0);
    assert!(
        stderr(&a).contains("applied 1 fix in 1 file; 0 findings remain"),
        "{}",
        stderr(&a)
    );
    let fixed = read(&d, "src/lib.rs");
    assert!(
        fixed.contains("if !STARTED.swap(true, Ordering::AcqRel) {"),
        "{fixed}"
    );
    assert!(!fixed.contains("STARTED.store"), "{fixed}");
}

#[test]
fn unsafe_fixes_alone_is_a_usage_error() {
    let d = tree(&[("src/lib.rs", SRC)]);
    let a = racelint(d.path())
        .args(["check", "--unsafe-fixes"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("`--unsafe-fixes` applies with `--fix` or `--diff`"));
    racelint(d.path())
        .args(["check", "--fix", "--baseline", "b.json"])
        .assert()
        .code(2);
}

#[cfg(unix)]
#[test]
fn fix_keeps_the_file_mode_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let d = tree(&[("src/lib.rs", SRC)]);
    let p = d.path().join("src/lib.rs");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    racelint(d.path()).args(["check", "--fix"]).assert().code(1);
    let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let names: Vec<_> = std::fs::read_dir(d.path().join("src"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["lib.rs"]);
}

#[cfg(unix)]
#[test]
fn fix_does_not_write_through_a_symbolic_link() {
    let d = tree(&[("real/lib.rs", SRC)]);
    std::fs::create_dir_all(d.path().join("src")).unwrap();
    std::os::unix::fs::symlink(d.path().join("real/lib.rs"), d.path().join("src/lib.rs")).unwrap();
    let a = racelint(d.path())
        .args(["check", "--fix", "src/lib.rs"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("symbolic link"), "{}", stderr(&a));
    assert_eq!(read(&d, "real/lib.rs"), SRC);
}

#[test]
fn a_file_changed_since_it_was_read_is_not_written() {
    let d = tree(&[("src/lib.rs", SRC)]);
    let p = d.path().join("src/lib.rs");
    let opts = racelint::engine::Options {
        paths: vec![p.clone()],
        jobs: Some(1),
        ..Default::default()
    };
    let outcome = racelint::fix::run(&opts, racelint::fix::Level::Safe).unwrap();
    assert_eq!(outcome.files.len(), 1);
    // someone edits the file between the lint and the write
    let edited = format!("{SRC}\npub fn added() {{}}\n");
    std::fs::write(&p, &edited).unwrap();
    let errors = racelint::fix::write(&outcome);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .message
            .contains("changed on disk since racelint read it"),
        "{}",
        errors[0].message
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), edited);
}

#[test]
fn the_diff_does_not_depend_on_the_thread_count() {
    let files: Vec<(String, &str)> = (0..6).map(|i| (format!("src/m{i}.rs"), SRC)).collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    let d = tree(&refs);
    let run = |j: &str| {
        let a = racelint(d.path())
            .args(["check", "--diff", "--unsafe-fixes", "-j", j])
            .assert()
            .code(1);
        stdout(&a)
    };
    let one = run("1");
    assert_eq!(one.matches("+++ b/src/m").count(), 6, "{one}");
    assert_eq!(one, run("4"));
}

#[test]
fn fix_changes_both_files_of_a_cross_file_publication() {
    let shared = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/test-corpus/flag-polling/relaxed-publication/workspace/shared.rs"
    ))
    .unwrap();
    let reader = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/test-corpus/flag-polling/relaxed-publication/workspace/reader.rs"
    ))
    .unwrap();
    let d = tree(&[("src/shared.rs", &shared), ("src/reader.rs", &reader)]);
    // machine-applicable: both the load and the store become Acquire / Release
    racelint(d.path())
        .args(["check", "--fix", "src"])
        .assert()
        .code(0);
    let r = read(&d, "src/reader.rs");
    let s = read(&d, "src/shared.rs");
    assert!(r.contains("self.ready.load(Ordering::Acquire)"), "{r}");
    assert!(
        s.contains("self.ready.store(true, Ordering::Release);"),
        "{s}"
    );
    assert!(!s.contains("Ordering::Relaxed"), "{s}");
}

#[test]
fn fix_keeps_crlf_line_ends_and_a_byte_order_mark() {
    let src = "\u{feff}use std::sync::Mutex;\r\npub fn f(m: &Mutex<Vec<u32>>) {\r\n    let a = m.lock().unwrap();\r\n    let b = m.lock().unwrap();\r\n    println!(\"{} {}\", a.len(), b.len());\r\n}\r\npub async fn h(m: &Mutex<u32>) {\r\n    let mut g = m.lock().unwrap();\r\n    *g += 1;\r\n    tick().await;\r\n}\r\nasync fn tick() {}\r\n";
    let d = tree(&[("src/lib.rs", src)]);
    racelint(d.path())
        .args(["check", "--fix", "--unsafe-fixes"])
        .assert()
        .code(0);
    let fixed = read(&d, "src/lib.rs");
    assert!(fixed.starts_with('\u{feff}'), "{fixed:?}");
    assert!(fixed.contains("    let b = &*a;\r\n"), "{fixed:?}");
    // an inserted line ends like the others
    assert!(
        fixed.contains("    drop(g);\r\n    tick().await;\r\n"),
        "{fixed:?}"
    );
    assert_eq!(
        fixed.matches('\n').count(),
        fixed.matches("\r\n").count(),
        "{fixed:?}"
    );
}
