//! A mutation fuzzer over the whole per-file pipeline (parse, model, every rule, the
//! workspace phase), runnable on stable Rust in CI.
//!
//! Inputs: arbitrary bytes, and the `test-corpus/` files mutated (bytes flipped, slices
//! deleted, duplicated or spliced between files, tokens inserted). Every input must go
//! through without a panic. `cargo test --test fuzz_pipeline` runs a short, deterministic
//! batch; `RACELINT_FUZZ_SECS=600 cargo test --release --test fuzz_pipeline -- --nocapture`
//! runs for ten minutes with a time-based seed. A crashing input is written to
//! `target/fuzz-crash-*.rs`: move it to `tests/fuzz-regressions/`, where every file is
//! replayed by `regressions_do_not_panic`. A run the kernel kills (out of memory) is replayed
//! with `RACELINT_FUZZ_SEED=<the seed printed first>` and `RACELINT_FUZZ_SAVE_EACH=1`, which
//! writes each input to `target/fuzz-current.rs` before it runs: the last one is the culprit.

use racelint::analysis;
use racelint::model::Edition;
use racelint::source::SourceFile;
mod common;

use common::Rng;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus() -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    files.extend(common::rs_files(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/test-corpus"
    ))));
    files.extend(common::rs_files(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src/model"
    ))));
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

const TOKENS: &[&str] = &[
    ".lock().unwrap()",
    ".await",
    "drop(g);",
    "{",
    "}",
    "(",
    ")",
    "let g = m.lock();",
    "if let Some(x) = ",
    "match ",
    "loop {",
    "while !",
    ".load(Ordering::Relaxed)",
    ".store(1, Ordering::Relaxed);",
    "unsafe { X += 1 }",
    "static mut X: u32 = 0;",
    "\"SELECT a FROM t WHERE id = $1\"",
    "async move {",
    "thread::spawn(move || {",
    "é",
    "\u{feff}",
    "\r\n",
    "#!",
    "r#\"",
    "'a",
    "//~",
    "// racelint: allow(double-lock)",
    "?",
    ";",
    "=>",
];

fn mutate(rng: &mut Rng, input: &[u8], corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..=rng.below(4) {
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let a = rng.below(v.len());
                let b = (a + rng.below(64)).min(v.len());
                v.drain(a..b);
            }
            2 if !v.is_empty() => {
                let a = rng.below(v.len());
                let b = (a + rng.below(256)).min(v.len());
                let chunk = v[a..b].to_vec();
                let at = rng.below(v.len());
                v.splice(at..at, chunk);
            }
            3 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let at = rng.below(v.len() + 1);
                v.splice(at..at, t.iter().copied());
            }
            4 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = (a + rng.below(512)).min(other.len());
                    let at = rng.below(v.len() + 1);
                    v.splice(at..at, other[a..b].iter().copied());
                }
            }
            _ => {
                let n = rng.below(32);
                let at = rng.below(v.len() + 1);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                v.splice(at..at, bytes);
            }
        }
    }
    v
}

/// Run one input through the pipeline the way the engine does (lossless UTF-8 only: the
/// engine reports other bytes as an error before parsing).
fn run(bytes: &[u8], edition: Edition) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let src = SourceFile::new("fuzz.rs", text);
    if let Ok(a) = analysis::analyze_file(&src, edition) {
        let _ = analysis::finish(vec![a]);
    }
}

fn on_big_stack(f: impl FnOnce() + Send + 'static) -> std::thread::Result<()> {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
}

#[test]
fn mutated_inputs_do_not_panic() {
    let secs: u64 = std::env::var("RACELINT_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    // `RACELINT_FUZZ_SEED` (hex) replays a run; the seed is printed first, so that a run the
    // kernel kills (out of memory) can be replayed too
    let seed = std::env::var("RACELINT_FUZZ_SEED")
        .ok()
        .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
        .unwrap_or(if secs > 0 {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        } else {
            0x9e37_79b9_7f4a_7c15
        });
    eprintln!("fuzzing with seed {seed:#x}");
    let save_each = std::env::var_os("RACELINT_FUZZ_SAVE_EACH").is_some();
    let result = on_big_stack(move || {
        let corpus = corpus();
        assert!(!corpus.is_empty(), "no seed files");
        let mut rng = Rng(seed);
        let deadline = Instant::now() + Duration::from_secs(secs);
        let mut n = 0u64;
        loop {
            let base: Vec<u8> = if rng.below(8) == 0 {
                (0..rng.below(200)).map(|_| rng.next() as u8).collect()
            } else {
                corpus[rng.below(corpus.len())].clone()
            };
            let input = mutate(&mut rng, &base, &corpus);
            let edition = if rng.below(2) == 0 {
                Edition::E2021
            } else {
                Edition::E2024
            };
            // `RACELINT_FUZZ_SAVE_EACH=1`: every input is written before it runs, so that the
            // one a process dies on (out of memory, an abort) is left on disk
            if save_each {
                let _ = std::fs::write(
                    format!("{}/target/fuzz-current.rs", env!("CARGO_MANIFEST_DIR")),
                    &input,
                );
            }
            let copy = input.clone();
            if std::panic::catch_unwind(|| run(&copy, edition)).is_err() {
                let path = format!("{}/target/fuzz-crash-{n}.rs", env!("CARGO_MANIFEST_DIR"));
                let _ = std::fs::write(&path, &input);
                panic!("the pipeline panicked on an input saved to {path} (seed {seed:#x})");
            }
            n += 1;
            if (secs == 0 && n >= 400) || (secs > 0 && Instant::now() >= deadline) {
                break;
            }
        }
        eprintln!("fuzzed {n} inputs (seed {seed:#x})");
    });
    assert!(result.is_ok(), "fuzzing found a panic");
}

#[test]
fn regressions_do_not_panic() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fuzz-regressions"
    ));
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    for p in files {
        let bytes = std::fs::read(&p).expect("read regression input");
        let r = on_big_stack(move || {
            run(&bytes, Edition::E2021);
            run(&bytes, Edition::E2024);
        });
        assert!(r.is_ok(), "{} panics", p.display());
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    // 10 000 nested blocks and parenthesised expressions, inside a function.
    let depth = 10_000;
    let mut s = String::from("fn f() { let x = ");
    s.push_str(&"(".repeat(depth));
    s.push('1');
    s.push_str(&")".repeat(depth));
    s.push_str("; ");
    s.push_str(&"{ ".repeat(depth));
    s.push_str("m.lock().unwrap();");
    s.push_str(&" }".repeat(depth));
    s.push_str(" }\n");
    let r = on_big_stack(move || {
        let src = SourceFile::new("deep.rs", s);
        // Either a model or a clear parse error: never a crash.
        match analysis::analyze_file(&src, Edition::E2021) {
            Ok(a) => assert_eq!(a.model.fns.len(), 1),
            Err(e) => assert!(!e.message.is_empty()),
        }
    });
    assert!(r.is_ok());
}
