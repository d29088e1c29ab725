//! A mutation fuzzer of the whole command line (issue #17): the walker, the config, the
//! baseline, suppressions and the output writers, through the `racelint` binary.
//!
//! Each input is a fresh tree: a few `test-corpus/` files, mutated and given suppression
//! comments (line and block, malformed too), under hostile names (control characters,
//! escape sequences, bidi controls, bytes that are not UTF-8, a leading `-`, a newline,
//! backslashes, deep directories), beside symbolic links (loops, dangling, out of the tree,
//! to a file outside holding a secret, to `/dev/null`), a mutated `racelint.toml` or
//! `Cargo.toml` metadata table, `.gitignore`, and a mutated baseline. The command line is a
//! random choice of formats, colours, selections, `--output` targets (new, existing with mode
//! 0600, a symbolic link to a file outside, a directory, `/dev/null`), `--write-baseline`,
//! `--baseline`, `--statistics`, `--follow-links`, `--no-timing`, named paths and `--`.
//!
//! Every run must: exit 0, 1 or 2 (never a signal, never 101); print no panic; print valid
//! JSON when asked for JSON on stdout; send no raw control character to a terminal format
//! (human, `--color never`) on stdout or stderr; never write or reveal anything outside the
//! tree (the secret never printed without `--follow-links`, the outside file never changed);
//! leave no temporary file behind; never replace a link, a directory or a device at the
//! `--output` target.
//!
//! `cargo test --release --test fuzz_cli` runs a short deterministic batch;
//! `RACELINT_FUZZ_SECS=600 cargo test --release --test fuzz_cli -- --nocapture` runs ten
//! minutes with a time-based seed. A failing case prints its seed and iteration and keeps
//! its tree under `target/fuzz-cli-*`.

#![cfg(unix)]

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
mod common;

use common::Rng;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn corpus() -> Vec<Vec<u8>> {
    let mut files = Vec::new();
    files.extend(common::rs_files(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/test-corpus"
    ))));
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

/// File names, as bytes (a `/` makes directories).
const NAMES: &[&[u8]] = &[
    b"a.rs",
    b"src/lib.rs",
    b"src/main.rs",
    b"-x.rs",
    b"--help.rs",
    b"e\x1b[31mred\x1b[0m.rs",
    b"bell\x07.rs",
    b"cr\rfake.rs",
    b"new\nline.rs",
    b"tab\t.rs",
    b"a\xff.rs",
    b"a\xfe.rs",
    b"\xe2\x80\xaertl.rs",
    b"back\\slash.rs",
    b"a\\xFF.rs",
    b"sp ace.rs",
    b".hidden.rs",
    b"target/t.rs",
    b"tests/t.rs",
    b"d/e/f/g/h/i/j/deep.rs",
    b"x.rs.rs",
    b"noext",
    b"dir.rs/inner.rs",
];

const SUPPRESSIONS: &[&str] = &[
    "// racelint: allow(double-lock) reason\n",
    "// racelint: allow(lock-order-inversion, check-then-act)\n",
    "// racelint: allow-file(lock-order) whole file\n",
    "/* racelint: allow(double-lock)\n   spans \x1b[31m lines */\n",
    "/* racelint: allow(double-lock) */ ",
    "// racelint: allow(\n",
    "// racelint: allow(no-such-rule) \u{202e}evil\n",
    "// racelint: allow()\n",
    "// racelint:allow(double-lock)\n",
    "/* /* racelint: allow(double-lock) */ */\n",
    "// racelint: allow-file(*)\n",
];

const CONFIGS: &[&str] = &[
    "select = [\"lock-order\"]\n",
    "ignore = [\"double-lock\"]\nexclude = [\"target\", \"d/\"]\n",
    "exclude = [\"\"]\n",
    "exclude = [\"/\"]\n",
    "exclude = [\"**/*.rs\"]\n",
    "[rules.double-lock]\nno-such-option = 1\n",
    "[rules.store-get-then-save]\nread-verbs = [\"fetch\"]\n",
    "[severity]\ndouble-lock = \"note\"\n",
    "[per-file-ignores]\n\"src/*.rs\" = [\"double-lock\"]\n",
    "select = [\"nope\"]\n",
    "selct = []\n",
    "test-code = true\n",
    "\u{feff}select = []\n",
    "select = \"lock-order\"\n",
    "[[[\n",
];

const RULES: &[&str] = &[
    "double-lock",
    "lock-order",
    "lock-order-inversion",
    "check-then-act",
    "read-modify-write",
    "flag-polling",
    "nope",
    "",
    "\x1b[31m",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..=rng.below(3) {
        match rng.below(5) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 if !v.is_empty() => {
                let a = rng.below(v.len());
                let b = (a + rng.below(32)).min(v.len());
                v.drain(a..b);
            }
            2 if !v.is_empty() => {
                let a = rng.below(v.len());
                let b = (a + rng.below(128)).min(v.len());
                let chunk = v[a..b].to_vec();
                let at = rng.below(v.len() + 1);
                v.splice(at..at, chunk);
            }
            3 => {
                let s = rng.pick(SUPPRESSIONS).as_bytes();
                // at a line start, mostly
                let at = rng.below(v.len() + 1);
                let at = v[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                v.splice(at..at, s.iter().copied());
            }
            _ => {
                let n = rng.below(8);
                let at = rng.below(v.len() + 1);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                v.splice(at..at, bytes);
            }
        }
    }
    v
}

fn mutate_text(rng: &mut Rng, s: &str) -> Vec<u8> {
    if rng.chance(2) {
        s.as_bytes().to_vec()
    } else {
        mutate(rng, s.as_bytes())
    }
}

fn put(root: &Path, rel: &[u8], bytes: &[u8]) {
    let p = root.join(std::ffi::OsStr::from_bytes(rel));
    if let Some(parent) = p.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = std::fs::write(&p, bytes);
}

const SECRET: &str = "root:x:0:0:FUZZ-SECRET:/root:/bin/bash";

/// One case: what was made and the command to run.
struct Case {
    tree: tempfile::TempDir,
    outside: tempfile::TempDir,
    args: Vec<OsString>,
    follow_links: bool,
    /// `--output` target and what was there before (None: nothing).
    output: Option<(PathBuf, Option<Kind>)>,
    json_on_stdout: bool,
    terminal_text: bool,
    /// The private directory holding `tree` and `outside` (dropped after them), so that the
    /// path `../` names it and not the machine's shared temporary directory, whose other
    /// contents (hundreds of megabytes of generated files on a busy machine) made a case
    /// time out. `tree` and `outside` are hidden there (`.tmp…`), as they were in a clean
    /// temporary directory.
    _base: tempfile::TempDir,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    File,
    Link,
    Dir,
    Device,
}

fn make_case(rng: &mut Rng, corpus: &[Vec<u8>]) -> Case {
    let base = tempfile::tempdir().expect("tempdir");
    let tree = tempfile::tempdir_in(base.path()).expect("tempdir");
    let outside = tempfile::tempdir_in(base.path()).expect("tempdir");
    let root = tree.path();
    std::fs::write(outside.path().join("secret.rs"), SECRET).unwrap();
    std::fs::write(outside.path().join("victim"), "precious").unwrap();
    std::fs::create_dir_all(outside.path().join("dir")).unwrap();
    std::fs::write(
        outside.path().join("dir/f.rs"),
        "fn f() { let _ = \"FUZZ-SECRET\"; }\n",
    )
    .unwrap();

    let mut names = Vec::new();
    for _ in 0..=rng.below(5) {
        let name = *rng.pick(NAMES);
        let base = rng.pick(corpus);
        let bytes = if rng.chance(5) {
            base.clone()
        } else {
            mutate(rng, base)
        };
        put(root, name, &bytes);
        names.push(name);
    }
    if rng.chance(3) {
        put(
            root,
            b"Cargo.toml",
            &mutate_text(
                rng,
                "[package]\nname = \"fuzz\"\nversion = \"0.1.0\"\nedition = \"2021\"\n[package.metadata.racelint]\nselect = [\"lock-order\", \"suppression\"]\n",
            ),
        );
    }
    if rng.chance(3) {
        let c = *rng.pick(CONFIGS);
        put(root, b"racelint.toml", &mutate_text(rng, c));
    }
    if rng.chance(4) {
        put(
            root,
            b".gitignore",
            &mutate_text(rng, "target/\n*.bak\nd/\n"),
        );
    }
    // links
    let link = |target: &Path, name: &str| {
        let _ = std::os::unix::fs::symlink(target, root.join(name));
    };
    if rng.chance(3) {
        link(&outside.path().join("secret.rs"), "x.rs");
    }
    if rng.chance(3) {
        link(&outside.path().join("dir"), "etc");
    }
    if rng.chance(4) {
        link(Path::new("."), "loop");
    }
    if rng.chance(4) {
        link(Path::new("missing.rs"), "dangling.rs");
    }
    if rng.chance(5) {
        link(Path::new("/dev/null"), "null.rs");
    }
    if rng.chance(5) {
        link(Path::new("a.rs"), "alias.rs");
    }

    let mut args: Vec<OsString> = vec!["check".into()];
    let format = *rng.pick(&["human", "json", "sarif", "github", "gitlab", "rustc-json"]);
    args.push("--format".into());
    args.push(format.into());
    let color = *rng.pick(&["never", "always", "auto"]);
    args.push("--color".into());
    args.push(color.into());
    if rng.chance(3) {
        args.push("--no-cache".into());
    }
    if rng.chance(2) {
        args.push("--no-timing".into());
    }
    if rng.chance(4) {
        args.push("--statistics".into());
    }
    if rng.chance(4) {
        args.push("--quiet".into());
    }
    if rng.chance(5) {
        args.push("--all-files".into());
    }
    if rng.chance(6) {
        args.push("--exit-zero".into());
    }
    if rng.chance(4) {
        args.push("--fail-on".into());
        args.push((*rng.pick(&["note", "warning", "error"])).into());
    }
    let follow_links = rng.chance(6);
    if follow_links {
        args.push("--follow-links".into());
    }
    if rng.chance(6) {
        args.push(
            if rng.chance(2) {
                "--select"
            } else {
                "--ignore"
            }
            .into(),
        );
        let a = *rng.pick(RULES);
        let b = *rng.pick(RULES);
        args.push(format!("{a},{b}").into());
    }
    if rng.chance(5) {
        args.push("-j".into());
        args.push((*rng.pick(&["1", "2", "0"])).into());
    }
    // baselines
    let baseline = root.join("b.json");
    match rng.below(6) {
        0 => {
            args.push("--write-baseline".into());
            args.push(baseline.clone().into());
        }
        1 | 2 => {
            let text = *rng.pick(&[
                "{\"version\":1,\"entries\":[]}",
                "\u{feff}{\"version\":2,\"root\":\".\",\"entries\":[{\"rule\":\"suppression-unused\",\"file\":\"./a.rs\",\"message\":\"x\",\"count\":18446744073709551615}]}",
                "{\"entries\":[{\"rule\":\"double-lock\",\"file\":\"a.rs\",\"message\":\"\",\"count\":3}]}",
                "not json",
                "",
            ]);
            put(root, b"b.json", &mutate_text(rng, text));
            args.push("--baseline".into());
            args.push(baseline.clone().into());
        }
        _ => {}
    }
    // output targets
    let mut output = None;
    if rng.chance(3) {
        let target = root.join("out").join("report.txt");
        std::fs::create_dir_all(root.join("out")).unwrap();
        let before = match rng.below(5) {
            0 => {
                std::fs::write(&target, "old").unwrap();
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
                Some(Kind::File)
            }
            1 => {
                std::os::unix::fs::symlink(outside.path().join("victim"), &target).unwrap();
                Some(Kind::Link)
            }
            2 => {
                std::fs::create_dir(&target).unwrap();
                Some(Kind::Dir)
            }
            3 => None,
            _ => {
                // /dev/null is a device: written into, never replaced
                output = Some((PathBuf::from("/dev/null"), Some(Kind::Device)));
                None
            }
        };
        if output.is_none() {
            output = Some((target, before));
        }
        args.push("--output".into());
        args.push(output.as_ref().unwrap().0.clone().into());
    }
    // paths
    match rng.below(4) {
        0 => {}
        1 => args.push(".".into()),
        2 => {
            args.push("--".into());
            for _ in 0..=rng.below(2) {
                args.push(OsString::from_vec(rng.pick(&names).to_vec()));
            }
        }
        _ => {
            args.push(
                (*rng.pick(&[
                    "nope.rs", "x.rs", "etc", "loop", "src", "d/e", "./a.rs", "../",
                ]))
                .into(),
            );
        }
    }
    let json_on_stdout = format == "json" && output.is_none();
    let terminal_text = format == "human" && color == "never";
    Case {
        tree,
        outside,
        args,
        follow_links,
        output,
        json_on_stdout,
        terminal_text,
        _base: base,
    }
}

/// Run `racelint` with a time limit; None on a timeout (the process is killed).
fn run(dir: &Path, args: &[OsString], limit: Duration) -> Option<std::process::Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_racelint"))
        .current_dir(dir)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn racelint");
    let start = Instant::now();
    // read the pipes on threads so that a large report never blocks the child
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t1 = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut so, &mut v);
        v
    });
    let t2 = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut se, &mut v);
        v
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Some(std::process::Output {
                status,
                stdout: t1.join().unwrap(),
                stderr: t2.join().unwrap(),
            });
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A control character a terminal would act on (newline and tab are text).
fn raw_control(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    text.chars()
        .find(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .map(|c| format!("{c:?}"))
}

/// What went wrong with a case, if anything.
#[allow(clippy::collapsible_match)]
fn judge(case: &Case, out: Option<&std::process::Output>) -> Result<(), String> {
    let Some(out) = out else {
        return Err("timed out".into());
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    if !matches!(code, Some(0..=2)) {
        return Err(format!("exit {:?}: {stderr}", out.status));
    }
    if stderr.contains("panicked") {
        return Err(format!("panic: {stderr}"));
    }
    if case.json_on_stdout
        && code != Some(2)
        && let Err(e) = serde_json::from_slice::<serde_json::Value>(&out.stdout)
    {
        return Err(format!("stdout is not JSON ({e})"));
    }
    if case.terminal_text
        && let Some(c) = raw_control(&out.stdout)
    {
        return Err(format!("raw {c} on stdout"));
    }
    if let Some(c) = raw_control(&out.stderr) {
        return Err(format!("raw {c} on stderr"));
    }
    // a file named on the command line is always linted (README), a link out of the tree
    // too: naming `x.rs` (the link to the secret) may print it
    let names_link = case.args.iter().any(|a| a.as_bytes() == b"x.rs");
    if !case.follow_links && !names_link {
        let all = [&out.stdout[..], &out.stderr[..]].concat();
        if String::from_utf8_lossy(&all).contains("FUZZ-SECRET") {
            return Err("a file outside the tree was read without --follow-links".into());
        }
    }
    let victim = std::fs::read_to_string(case.outside.path().join("victim")).unwrap_or_default();
    if victim != "precious" {
        return Err("a file outside the tree was written".into());
    }
    if let Some((target, before)) = &case.output {
        let meta = std::fs::symlink_metadata(target);
        match before {
            Some(Kind::Link) => {
                if !meta.is_ok_and(|m| m.file_type().is_symlink()) || code != Some(2) {
                    return Err("a link at --output was replaced or accepted".into());
                }
            }
            Some(Kind::Dir) => {
                if !meta.is_ok_and(|m| m.is_dir()) || code != Some(2) {
                    return Err("a directory at --output was replaced or accepted".into());
                }
            }
            Some(Kind::Device) => {
                use std::os::unix::fs::FileTypeExt;
                if !meta.is_ok_and(|m| m.file_type().is_char_device()) {
                    return Err("/dev/null was replaced".into());
                }
            }
            Some(Kind::File) if code != Some(2) => {
                use std::os::unix::fs::PermissionsExt;
                let mode = meta.map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
                if mode != 0o600 {
                    return Err(format!("the output file's mode became {mode:o}"));
                }
            }
            _ => {}
        }
    }
    // no temporary file left behind
    let mut stack = vec![case.tree.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else if e.file_name().as_bytes().ends_with(b".tmp") {
                return Err(format!("temporary file left: {}", e.path().display()));
            }
        }
    }
    Ok(())
}

#[test]
fn mutated_command_lines_behave() {
    let secs: u64 = std::env::var("RACELINT_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let seed = std::env::var("RACELINT_FUZZ_SEED")
        .ok()
        .and_then(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).ok())
        .unwrap_or(if secs > 0 {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        } else {
            0x2545_f491_4f6c_dd1d
        });
    let corpus = corpus();
    assert!(!corpus.is_empty(), "no seed files");
    let mut rng = Rng(seed);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut n = 0u64;
    let mut codes = [0u64; 3];
    loop {
        let case = make_case(&mut rng, &corpus);
        let out = run(case.tree.path(), &case.args, Duration::from_secs(60));
        if let Err(why) = judge(&case, out.as_ref()) {
            let keep = PathBuf::from(format!(
                "{}/target/fuzz-cli-{seed:x}-{n}",
                env!("CARGO_MANIFEST_DIR")
            ));
            let _ = std::fs::remove_dir_all(&keep);
            let _ = std::fs::rename(case.tree.path(), &keep);
            panic!(
                "case {n} (seed {seed:#x}): {why}\nargs: {:?}\ntree kept in {}",
                case.args,
                keep.display()
            );
        }
        if let Some(c) = out.and_then(|o| o.status.code()) {
            codes[c as usize] += 1;
        }
        n += 1;
        if (secs == 0 && n >= 60) || (secs > 0 && Instant::now() >= deadline) {
            break;
        }
    }
    eprintln!(
        "fuzzed {n} command lines (seed {seed:#x}): exit 0 {}, 1 {}, 2 {}",
        codes[0], codes[1], codes[2]
    );
}
