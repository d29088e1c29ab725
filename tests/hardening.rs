//! Pathological but valid input: huge files, huge lines, a byte-order mark with CRLF line
//! endings. Each must give correct findings (right lines and columns, suppressions honoured),
//! never a crash.

mod common;

use common::{racelint, tree};

fn check(dir: &std::path::Path) -> (serde_json::Value, i32) {
    let out = racelint(dir)
        .args(["check", ".", "--format", "json"])
        .output()
        .expect("run racelint");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json on stdout");
    (v, out.status.code().unwrap_or(-1))
}

/// (rule, line, column, end_line, end_column) of every diagnostic in `file`.
fn found(v: &serde_json::Value, file: &str) -> Vec<(String, u64, u64, u64, u64)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().ends_with(file))
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_line"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
            )
        })
        .collect()
}

const DOUBLE_LOCK: &str =
    "fn f(m: &Mutex<u32>) {\n    let a = m.lock().unwrap();\n    let b = m.lock().unwrap();\n}\n";

#[test]
fn bom_and_crlf_keep_columns_and_suppressions_right() {
    let text = "\u{feff}use std::sync::Mutex;\r\n\r\nfn f(m: &Mutex<u32>) {\r\n    let a = m.lock().unwrap();\r\n    let b = m.lock().unwrap();\r\n}\r\n\r\nfn g(m: &Mutex<u32>) {\r\n    let a = m.lock().unwrap();\r\n    // racelint: allow(double-lock) the test wants it suppressed\r\n    let b = m.lock().unwrap();\r\n}\r\n";
    let d = tree(&[("bom.rs", text)]);
    let (v, code) = check(d.path());
    assert_eq!(code, 1, "{v:#}");
    // `m.lock()` on line 5 starts at column 13 and ends at column 20; the BOM is not a column
    assert_eq!(
        found(&v, "bom.rs"),
        vec![("double-lock".to_string(), 5, 13, 5, 20)]
    );
    assert_eq!(v["summary"]["suppressed"], 1);
}

#[test]
fn a_50_mb_file_is_linted() {
    // A generated file: 50 MB of data tables (as real generated code has), then code with a
    // finding whose position must still be right.
    let mut text = String::from("use std::sync::Mutex;\n");
    let row = format!("    \"{}\",\n", "x".repeat(1000));
    let mut lines = 1;
    let mut n = 0;
    while text.len() < 50 << 20 {
        text.push_str(&format!("pub const TABLE_{n}: &[&str] = &[\n"));
        lines += 1;
        for _ in 0..1000 {
            text.push_str(&row);
            lines += 1;
        }
        text.push_str("];\n");
        lines += 1;
        n += 1;
    }
    text.push_str(DOUBLE_LOCK);
    let d = tree(&[("huge.rs", &text), ("small.rs", DOUBLE_LOCK)]);
    let (v, code) = check(d.path());
    assert_eq!(code, 1, "{}", v["errors"]);
    assert_eq!(
        found(&v, "huge.rs"),
        vec![(
            "double-lock".to_string(),
            lines as u64 + 3,
            13,
            lines as u64 + 3,
            20
        )]
    );
    assert_eq!(found(&v, "small.rs").len(), 1);
}

#[test]
fn a_5_mb_line_is_linted() {
    // One line of 5 MB: a long literal, then the finding on the same line.
    let text = format!(
        "use std::sync::Mutex; const BLOB: &str = \"{}\"; fn f(m: &Mutex<u32>) {{ let a = m.lock().unwrap(); let b = m.lock().unwrap(); }}\n",
        "y".repeat(5 << 20)
    );
    let col = text.find("let b = m").unwrap() as u64 + 9;
    let d = tree(&[("line.rs", &text)]);
    let (v, code) = check(d.path());
    assert_eq!(code, 1, "{}", v["errors"]);
    assert_eq!(
        found(&v, "line.rs"),
        vec![("double-lock".to_string(), 1, col, 1, col + 7)]
    );
}
