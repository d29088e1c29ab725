//! The same input gives byte-identical output whatever the thread count (except `elapsed_ms`,
//! which `--no-timing` sets to 0).

mod common;

use common::{CLEAN, UNUSED, racelint};

fn without_elapsed(out: &[u8]) -> String {
    let mut v: serde_json::Value = serde_json::from_slice(out).expect("JSON");
    v["summary"]["elapsed_ms"] = serde_json::json!(0);
    serde_json::to_string_pretty(&v).unwrap()
}

#[test]
fn jobs_1_and_jobs_4_give_identical_output() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..60 {
        let text = match i % 4 {
            0 => CLEAN.to_string(),
            1 => UNUSED.to_string(),
            2 => format!(
                "{UNUSED}\nfn second_{i}() {{\n    let _v = {i}; // racelint: allow(fs-toctou, lock-order) none\n}}\n"
            ),
            _ => format!("fn broken_{i}( {{\n"),
        };
        common::write(d.path(), &format!("m{}/f{i:02}.rs", i % 7), text.as_bytes());
    }
    let run = |jobs: &str, format: &str| {
        racelint(d.path())
            .args([
                "check", "--color", "never", "--format", format, "--jobs", jobs,
            ])
            .assert()
            .code(1)
            .get_output()
            .stdout
            .clone()
    };
    let one = run("1", "json");
    let four = run("4", "json");
    assert_eq!(without_elapsed(&one), without_elapsed(&four));
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(v["summary"]["files_scanned"], 60);
    assert_eq!(v["summary"]["files_with_errors"], 15);
    // sorted by file, line, column
    let keys: Vec<(String, u64, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    for format in ["human", "sarif", "github", "gitlab", "rustc-json"] {
        assert_eq!(
            run("1", format),
            run("4", format),
            "--format {format} differs between --jobs 1 and 4"
        );
    }
}

#[test]
fn no_timing_makes_json_byte_identical_between_runs() {
    // enough files that a run takes more than a millisecond
    let d = tempfile::tempdir().unwrap();
    for i in 0..40 {
        common::write(d.path(), &format!("f{i:02}.rs"), UNUSED.as_bytes());
    }
    let run = || {
        racelint(d.path())
            .args(["check", "--format", "json", "--no-timing"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone()
    };
    let first = run();
    let v: serde_json::Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(v["summary"]["elapsed_ms"], 0, "the field stays (contract)");
    assert_eq!(v["summary"]["diagnostics"], 40);
    for _ in 0..2 {
        assert_eq!(first, run());
    }
}
