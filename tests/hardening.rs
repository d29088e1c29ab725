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

/// A crate with `n` static locks and a module per ordered pair `(i, j)` for which `edge`
/// holds, locking `L{i}` then `L{j}`.
fn lock_pairs(n: usize, edge: impl Fn(usize, usize) -> bool) -> tempfile::TempDir {
    let mut lib = String::from("use std::sync::Mutex;\n");
    let mut files = Vec::new();
    for i in 0..n {
        lib.push_str(&format!("pub static L{i}: Mutex<u32> = Mutex::new(0);\n"));
    }
    for i in 0..n {
        for j in (0..n).filter(|&j| j != i && edge(i, j)) {
            lib.push_str(&format!("mod m{i}_{j};\n"));
            files.push((
                format!("src/m{i}_{j}.rs"),
                format!(
                    "pub fn f() {{\n    let _a = crate::L{i}.lock().unwrap();\n    let _b = crate::L{j}.lock().unwrap();\n}}\n"
                ),
            ));
        }
    }
    files.push(("src/lib.rs".to_string(), lib));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    tree(&refs)
}

#[test]
fn many_locks_in_one_order_are_clean() {
    // every ascending pair of 30 locks, each in its own module: no cycle, no finding
    let d = lock_pairs(30, |i, j| i < j);
    let (v, code) = check(d.path());
    assert_eq!(code, 0, "{v:#}");
    assert_eq!(v["summary"]["files_scanned"], 436);
}

#[test]
fn the_lock_order_cycle_cap_is_named() {
    // every pair both ways: thousands of cycles, 500 reported and the cap said
    let d = lock_pairs(12, |_, _| true);
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    let diags = v["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 500);
    let capped = diags
        .iter()
        .filter(|d| {
            d["notes"]
                .to_string()
                .contains("at most 500 lock-order cycles")
        })
        .count();
    assert_eq!(capped, 1, "{v:#}");
}

#[test]
fn many_functions_with_local_locks_keep_their_findings() {
    // Thousands of functions locking two local mutexes in opposite orders: unshared locals are
    // not contended (no finding); the one pair a spawned thread shares is an inversion. Whether
    // a local is shared is an indexed lookup per file, it used to scan every function.
    let mut text = String::from("use std::sync::{Arc, Mutex};\n");
    for i in 0..3_000 {
        let (x, y) = if i % 2 == 0 { ("a", "b") } else { ("b", "a") };
        text.push_str(&format!(
            "fn f{i}() {{ let a = Mutex::new(0); let b = Mutex::new(0); let _x = {x}.lock().unwrap(); let _y = {y}.lock().unwrap(); }}\n"
        ));
    }
    text.push_str(
        "fn shared() {\n    let a = Arc::new(Mutex::new(0));\n    let b = Arc::new(Mutex::new(0));\n    std::thread::scope(|s| {\n        s.spawn(|| {\n            let _x = b.lock().unwrap();\n            let _y = a.lock().unwrap();\n        });\n        let _x = a.lock().unwrap();\n        let _y = b.lock().unwrap();\n    });\n}\n",
    );
    let d = tree(&[("many.rs", &text)]);
    let (v, _) = check(d.path());
    let rules: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(
        rules.iter().all(|(_, line)| *line > 3_001),
        "findings in unshared functions: {rules:?}"
    );
    assert!(
        rules.iter().any(|(r, _)| r == "lock-order-inversion"),
        "{v:#}"
    );
}

#[test]
fn nested_store_calls_are_not_copied_per_level() {
    // `m.lock().unwrap().get(m.lock().unwrap().get(…))`, 2 000 levels (46 KB): each level's
    // argument holds all the deeper ones; the store facts used to clone, print and scan it
    // at every level (gigabytes). Every inner lock is a double lock of the outer guards.
    let n = 2_000;
    let text = format!(
        "use std::sync::Mutex;\nfn f(m: &Mutex<Vec<u8>>) {{ {}0{}; }}\n",
        "m.lock().unwrap().get(".repeat(n),
        ")".repeat(n)
    );
    let d = tree(&[("nested.rs", &text)]);
    let (v, code) = check(d.path());
    assert_eq!(code, 1);
    assert_eq!(v["errors"].as_array().unwrap().len(), 0, "{}", v["errors"]);
    let double = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "double-lock")
        .count();
    assert_eq!(double, n - 1);
}

/// `check` in `dir`, and how long it took.
fn timed_check(dir: &std::path::Path) -> (serde_json::Value, i32, f64) {
    let t = std::time::Instant::now();
    let (v, code) = check(dir);
    (v, code, t.elapsed().as_secs_f64())
}

#[test]
fn a_chain_of_assignments_is_linear() {
    // `a = a = … = 1`, 99 000 times (400 KB, under the operator-chain cap): every level's
    // right-hand side was copied and its identifiers gathered (quadratic: over 120 s and
    // gigabytes; now about a second). The value of an assignment is `()`.
    let text = format!("fn f() {{ let mut a = 0; {}1; }}\n", "a = ".repeat(99_000));
    let d = tree(&[("assign.rs", &text)]);
    let (v, code, secs) = timed_check(d.path());
    assert_eq!(code, 0, "{}", v["errors"]);
    assert!(secs < 40.0, "took {secs:.1} s");
}

#[test]
fn many_suppression_comments_in_a_row_are_linear() {
    // 100 000 suppression lines in a row (3.4 MB): each looked for the next code line from
    // its own line (quadratic: 58 s), and each finding was matched against every
    // suppression. Every one is unused and reported.
    let mut text = String::new();
    for _ in 0..100_000 {
        text.push_str("// racelint: allow(double-lock) x\n");
    }
    text.push_str("fn f() {}\n");
    let d = tree(&[("many.rs", &text)]);
    let (v, _, secs) = timed_check(d.path());
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 100_000);
    assert!(secs < 40.0, "took {secs:.1} s");
}

#[test]
fn many_suppressed_findings_keep_their_suppressions() {
    // a finding and its suppression on every line: looked up by line, not by a scan
    let mut text = String::from("use std::sync::Mutex;\nfn f(m: &Mutex<u32>) {\n");
    for _ in 0..20_000 {
        text.push_str(
            "    { let _a = m.lock().unwrap(); let _b = m.lock().unwrap(); } // racelint: allow(double-lock) test\n",
        );
    }
    text.push_str("}\n");
    let d = tree(&[("sup.rs", &text)]);
    let (v, code, secs) = timed_check(d.path());
    assert_eq!(code, 0, "{}", v["diagnostics"][0]);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 0);
    assert!(secs < 40.0, "took {secs:.1} s");
}

#[test]
fn a_function_rebinding_one_guard_name_is_linear() {
    // `let g = m.lock().unwrap(); drop(g);` 50 000 times in one function (1.8 MB): the
    // local, binding and guard lookups by name scanned every earlier `g` (33 s; now 2 s)
    let text = format!(
        "use std::sync::Mutex;\nfn f(m: &Mutex<u8>) {{ {} }}\n",
        "let g = m.lock().unwrap(); drop(g); ".repeat(50_000)
    );
    let d = tree(&[("lets.rs", &text)]);
    let (v, code, secs) = timed_check(d.path());
    assert_eq!(code, 0, "{}", v["diagnostics"][0]);
    assert!(secs < 40.0, "took {secs:.1} s");
}
