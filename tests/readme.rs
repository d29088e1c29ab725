//! The README cannot rot: its commands are run as written.
//!
//! Every command line of the `sh` blocks of README.md and docs/ci.md, and every `racelint`
//! command of their YAML and JSON blocks, is classified and checked:
//!
//! - `racelint …` and `cargo racelint …` run (the binaries under test) in a small Cargo
//!   workspace, in the order they appear, and must succeed (exit 0, or 1 for findings; 0 with
//!   `--exit-zero`), and any `--output` / `--write-baseline` file must be written;
//! - `cargo run …` must be `--locked`, and cargo must pick the `racelint` binary for it
//!   (`default-run`, read with `cargo metadata`); its arguments after `--` run like the above;
//! - `cargo install …` must be `--locked`, and a `--git` URL must be the project's URL;
//! - `cargo test` must be exactly what `.ci/run` runs;
//! - pre-commit hooks must end their entry with `--` and name the project's URL or `local`.
//!
//! Any other command fails the test: add a rule here when the README gains one.

mod common;

use std::path::Path;
use std::process::Command;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fenced code block: its language and lines.
struct Block {
    lang: String,
    lines: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("```") {
            match current.take() {
                Some(b) => out.push(b),
                None => {
                    current = Some(Block {
                        lang: rest.trim().to_string(),
                        lines: Vec::new(),
                    })
                }
            }
        } else if let Some(b) = &mut current {
            b.lines.push(line.to_string());
        }
    }
    assert!(current.is_none(), "an unclosed code block");
    out
}

/// A shell line without its trailing `# comment`.
fn strip_comment(line: &str) -> &str {
    match line.find(" #") {
        Some(i) => line[..i].trim(),
        None => line.trim(),
    }
}

/// The commands to check, with where they come from.
#[derive(Debug)]
enum Cmd {
    Shell(String),
    /// A pre-commit `repo:` line's value.
    Repo(String),
    /// A pre-commit `entry:` line's value.
    Entry(String),
}

fn commands(file: &str) -> Vec<(String, Cmd)> {
    let text = std::fs::read_to_string(repo_root().join(file)).unwrap();
    let mut out = Vec::new();
    for b in blocks(&text) {
        for line in &b.lines {
            let at = format!("{file}: `{}`", line.trim());
            match b.lang.as_str() {
                "sh" => {
                    let cmd = strip_comment(line);
                    if !cmd.is_empty() && !cmd.starts_with('#') {
                        out.push((at, Cmd::Shell(cmd.to_string())));
                    }
                }
                "yaml" => {
                    let l = strip_comment(line);
                    let l = l.trim_start_matches("- ");
                    if let Some(c) = l.strip_prefix("run: ") {
                        out.push((at, Cmd::Shell(c.to_string())));
                    } else if l.starts_with("racelint ") || l.starts_with("cargo ") {
                        out.push((at, Cmd::Shell(l.to_string())));
                    } else if let Some(r) = l.strip_prefix("repo: ") {
                        out.push((at, Cmd::Repo(r.to_string())));
                    } else if let Some(e) = l.strip_prefix("entry: ") {
                        out.push((at, Cmd::Entry(e.to_string())));
                    }
                }
                "json" => {
                    let v: serde_json::Value =
                        serde_json::from_str(&b.lines.join("\n")).expect("a JSON block");
                    if let Some(argv) = v["rust-analyzer.check.overrideCommand"].as_array() {
                        let words: Vec<&str> = argv.iter().filter_map(|w| w.as_str()).collect();
                        out.push((at, Cmd::Shell(words.join(" "))));
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    out
}

/// A Cargo workspace to run the commands in: one finding (a note), one clean file.
fn workspace() -> tempfile::TempDir {
    common::tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"demo\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", common::UNUSED),
        ("src/clean.rs", common::CLEAN),
    ])
}

/// Run `racelint ARGS` (or `cargo racelint ARGS`) in `dir` as the README writes it.
fn run_racelint(at: &str, dir: &Path, cargo: bool, args: &[&str], ws: &Path) {
    let args: Vec<String> = args
        .iter()
        .filter(|a| !a.starts_with('['))
        .map(|a| {
            if *a == "path/to/workspace" {
                ws.display().to_string()
            } else {
                a.to_string()
            }
        })
        .collect();
    let mut c = if cargo {
        let mut c = Command::new(env!("CARGO_BIN_EXE_cargo-racelint"));
        c.arg("racelint");
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_racelint"))
    };
    // `racelint server` speaks LSP on stdin: a client that starts and stops it cleanly
    let input = if args.first().is_some_and(|a| a == "server") {
        let msg = |m: &str| format!("Content-Length: {}\r\n\r\n{m}", m.len());
        [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
            r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
        ]
        .iter()
        .map(|m| msg(m))
        .collect::<String>()
    } else {
        String::new()
    };
    let mut child = c
        .args(&args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let code = out.status.code();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let ok = if args.iter().any(|a| a == "--exit-zero") {
        code == Some(0)
    } else {
        matches!(code, Some(0 | 1))
    };
    assert!(ok, "{at}: exit {code:?}\n{stderr}");
    assert!(!stderr.contains("error"), "{at}:\n{stderr}");
    if !args.iter().any(|a| a == "--output") {
        assert!(
            !out.stdout.is_empty() || !stderr.is_empty(),
            "{at}: printed nothing"
        );
    }
    for flag in ["--output", "--write-baseline"] {
        if let Some(i) = args.iter().position(|a| a == flag) {
            let f = dir.join(&args[i + 1]);
            assert!(f.is_file(), "{at}: {} not written", f.display());
        }
    }
}

fn check_file(file: &str) -> usize {
    let ws = workspace();
    let dir = ws.path();
    let manifest = cargo_metadata::MetadataCommand::new()
        .manifest_path(repo_root().join("Cargo.toml"))
        .no_deps()
        .exec()
        .expect("cargo metadata");
    let package = &manifest.packages[0];
    let ci = std::fs::read_to_string(repo_root().join(".ci/run")).unwrap();
    let mut checked = 0;
    for (at, cmd) in commands(file) {
        checked += 1;
        match cmd {
            Cmd::Repo(url) => assert!(
                url == "local" || url == racelint::PROJECT_URL,
                "{at}: pre-commit `repo:` must be `local` or {}",
                racelint::PROJECT_URL
            ),
            Cmd::Entry(e) => {
                assert!(e.ends_with(" --"), "{at}: a hook entry ends with `--`");
                let args: Vec<&str> = e.split_whitespace().collect();
                assert_eq!(args[0], "racelint", "{at}");
                // a staged file's name goes after the `--`
                let mut args = args[1..].to_vec();
                args.push("src/lib.rs");
                run_racelint(&at, dir, false, &args, dir);
            }
            Cmd::Shell(line) => {
                let words: Vec<&str> = line.split_whitespace().collect();
                match words.as_slice() {
                    ["racelint", args @ ..] => run_racelint(&at, dir, false, args, dir),
                    ["cargo", "racelint", args @ ..] => run_racelint(&at, dir, true, args, dir),
                    ["cargo", "run", rest @ ..] => {
                        assert!(rest.contains(&"--locked"), "{at}: without --locked");
                        assert_eq!(
                            package.default_run.as_deref(),
                            Some("racelint"),
                            "{at}: cargo cannot choose between the package's binaries"
                        );
                        let i = rest.iter().position(|w| *w == "--").expect("`--`");
                        // run from elsewhere, as a fresh clone would lint another workspace
                        let elsewhere = tempfile::tempdir().unwrap();
                        run_racelint(&at, elsewhere.path(), false, &rest[i + 1..], dir);
                    }
                    ["cargo", "install", rest @ ..] => {
                        assert!(rest.contains(&"--locked"), "{at}: without --locked");
                        if let Some(i) = rest.iter().position(|w| *w == "--git") {
                            assert_eq!(rest[i + 1], racelint::PROJECT_URL, "{at}");
                        } else {
                            assert!(line.ends_with("--path ."), "{at}: installs from a checkout");
                        }
                    }
                    ["cargo", "test"] => assert!(
                        ci.lines().any(|l| l.trim() == line),
                        "{at}: .ci/run must run the README's test command"
                    ),
                    _ => panic!("{at}: a command tests/readme.rs does not know how to check"),
                }
            }
        }
    }
    checked
}

#[test]
fn readme_commands_work_as_written() {
    let n = check_file("README.md");
    assert!(n >= 15, "only {n} commands found in README.md");
}

#[test]
fn ci_doc_commands_work_as_written() {
    let n = check_file("docs/ci.md");
    assert!(n >= 8, "only {n} commands found in docs/ci.md");
}

#[test]
fn the_project_url_is_the_one_everywhere() {
    assert!(racelint::PROJECT_URL.starts_with("https://"));
    for file in [
        "README.md",
        "docs/ci.md",
        "CHANGELOG.md",
        ".pre-commit-hooks.yaml",
    ] {
        let text = std::fs::read_to_string(repo_root().join(file)).unwrap();
        assert!(!text.contains("OWNER"), "{file}: a placeholder URL");
        assert!(!text.contains("BUILD_TIME"), "{file}: a placeholder");
        for (i, _) in text.match_indices("github.com/") {
            let url: String = text[..i]
                .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '<')
                .next()
                .unwrap_or("")
                .to_string()
                + &text[i..]
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !matches!(c, ')' | '>' | '`'))
                    .collect::<String>();
            if url.contains("/racelint") {
                assert!(
                    url.starts_with(racelint::PROJECT_URL),
                    "{file}: `{url}` is not {}",
                    racelint::PROJECT_URL
                );
            }
        }
    }
    // the binary reports the same URL
    let d = common::tree(&[("a.rs", common::CLEAN)]);
    let out = common::racelint(d.path())
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["runs"][0]["tool"]["driver"]["informationUri"],
        racelint::PROJECT_URL
    );
}
