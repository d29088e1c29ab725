//! The command line: `racelint check | rules | rule ID | facts PATH`, `racelint --explain ID`.
//!
//! Shared by the `racelint` and `cargo-racelint` binaries; `cargo racelint …` (cargo passes
//! `racelint` as the first argument) works the same. A command line that starts with an option
//! or a path runs `check`, so `cargo racelint --format rustc-json` works as an editor's check
//! command.
//!
//! Exit codes: 0 nothing found (or only findings below `--fail-on`, at most `--max-findings`
//! of them); 1 findings or files that could not be analysed; 2 usage error, bad config, a path
//! that does not exist, an output that cannot be written, or an internal error.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::baseline::{Baseline, ProjectRoot};
use crate::diagnostic::Severity;
use crate::engine::{self, Options};
use crate::render::{self, Format, RenderOptions};
use crate::rules;

#[derive(Parser, Debug)]
#[command(
    name = "racelint",
    version,
    about = "Find race-prone patterns in Rust source: lost updates, check-then-act, lock-order inversions, flag polling",
    after_help = "Run `racelint check --help` for the options of a check. `racelint rules` lists the rules."
)]
struct Cli {
    /// Print the documentation of a rule (same as `racelint rule ID`).
    #[arg(long, value_name = "ID")]
    explain: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

// parsed once per run: the size of a variant does not matter
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum Command {
    /// Lint files and directories (the default command).
    Check(CheckArgs),
    /// List every rule: id, category, default severity, summary.
    Rules {
        /// `text` or `json`.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print the documentation of a rule, or list the rules of a category.
    Rule {
        /// A rule id (`double-lock`) or a category (`lock-order`).
        id: String,
    },
    /// Run a Language Server on standard input and output (for editors).
    Server,
    /// Print the concurrency facts racelint extracts from one file (for debugging rules).
    Facts {
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print the config file that applies to PATH and the effective settings.
    Config {
        /// A file or directory [default: .].
        path: Option<PathBuf>,
        /// Use this config file instead of discovering one.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Files and directories to lint [default: .]; after `--`, a name starting with `-` is a
    /// file too.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Write the output to FILE (atomically) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Colour the human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// Worker threads [default: one per core].
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Only these rules or categories (comma-separated; replaces the config's `select`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Not these rules or categories (comma-separated; added to the config's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Use this config file (`racelint.toml`, or a `Cargo.toml` with a `racelint` metadata table).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Exit with 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,
    /// The lowest severity that makes the run fail (exit code 1); notes do not by default.
    #[arg(long, value_enum, value_name = "LEVEL", default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Fail only when more than N findings are at or above the `--fail-on` level.
    #[arg(long, value_name = "N")]
    max_findings: Option<usize>,
    /// The repository root that SARIF file URIs are relative to [default: the top of the git
    /// work tree, else the current directory].
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Print the findings only: no summary line.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Print the number of findings per rule (instead of each finding, in the human format).
    #[arg(long)]
    statistics: bool,
    /// Apply the config's `exclude` to files named on the command line too (for pre-commit).
    #[arg(long)]
    force_exclude: bool,
    /// Follow symbolic links that resolve outside the directory walked (by default they are
    /// skipped).
    #[arg(long)]
    follow_links: bool,
    /// Record today's findings in FILE (keyed without line numbers) and report none of them.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Report only findings that are not in the baseline FILE.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Report no run time (JSON's `elapsed_ms` is 0), so that the output is byte-identical
    /// between runs.
    #[arg(long)]
    no_timing: bool,
    /// Apply the machine-applicable edits of the findings, re-lint and repeat until nothing
    /// more applies; then report what remains.
    #[arg(long, conflicts_with_all = ["write_baseline", "baseline"])]
    fix: bool,
    /// With `--fix` or `--diff`: also apply the maybe-incorrect edits (they compile, but may
    /// change what the code does; review them).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print the fixes `--fix` would make as a unified diff and write nothing (exit 1 when
    /// there is a diff).
    #[arg(long, conflicts_with_all = ["write_baseline", "baseline"])]
    diff: bool,
    /// Lint every `.rs` file found, also those no crate compiles (test data, fixtures).
    #[arg(long)]
    all_files: bool,
    /// Keep the per-file cache in DIR [default: `.racelint_cache` in the project root].
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Neither read nor write the cache.
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
    /// Lint standard input as the file PATH (for editors and tools that pipe a buffer); the
    /// other files of its crate are read from disk.
    #[arg(long, value_name = "PATH", conflicts_with = "paths")]
    stdin_filename: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FormatArg {
    Human,
    Json,
    Sarif,
    Github,
    Gitlab,
    RustcJson,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum FailOn {
    Note,
    Warning,
    Error,
}

impl FailOn {
    /// Whether a finding of this severity makes the run fail.
    fn fails(self, s: Severity) -> bool {
        let rank = |s: Severity| match s {
            Severity::Note => 0,
            Severity::Warning => 1,
            Severity::Error => 2,
        };
        let min = match self {
            FailOn::Note => Severity::Note,
            FailOn::Warning => Severity::Warning,
            FailOn::Error => Severity::Error,
        };
        rank(s) >= rank(min)
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ListFormat {
    Text,
    Json,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Sarif => Format::Sarif,
            FormatArg::Github => Format::Github,
            FormatArg::Gitlab => Format::Gitlab,
            FormatArg::RustcJson => Format::RustcJson,
        }
    }
}

const SUBCOMMANDS: [&str; 7] = [
    "check", "rules", "rule", "facts", "config", "server", "help",
];

/// Whether argv is cargo's (`cargo-racelint racelint …`): the program is `cargo racelint`.
fn run_by_cargo(args: &[OsString]) -> bool {
    args.get(1).is_some_and(|a| a == "racelint")
}

/// Normalise argv: drop cargo's `racelint`, and default to `check`.
fn normalise(mut args: Vec<OsString>) -> Vec<OsString> {
    if args.is_empty() {
        args.push("racelint".into());
    }
    if run_by_cargo(&args) {
        args.remove(1);
    }
    let first = args.get(1).and_then(|a| a.to_str()).map(str::to_string);
    let explicit = match first.as_deref() {
        None => false,
        Some(a) => {
            SUBCOMMANDS.contains(&a)
                || a == "--explain"
                || a.starts_with("--explain=")
                || matches!(a, "-h" | "--help" | "-V" | "--version")
        }
    };
    if !explicit {
        args.insert(1, "check".into());
    }
    args
}

/// The entry point of both binaries.
pub fn main() -> ExitCode {
    crate::alloc::no_huge_pages();
    let code = run(std::env::args_os().collect());
    ExitCode::from(code.clamp(0, 255) as u8)
}

/// Run with these arguments (argv[0] included); returns the exit code.
pub fn run(args: Vec<OsString>) -> i32 {
    use clap::{CommandFactory, FromArgMatches};
    // usage and help name the program as it was run: `cargo racelint` or `racelint`
    let bin = if run_by_cargo(&args) {
        "cargo racelint"
    } else {
        "racelint"
    };
    let parsed = Cli::command()
        .bin_name(bin)
        .try_get_matches_from(normalise(args))
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) if e.use_stderr() => {
            // plain text, controls escaped: the message quotes the argument as given
            to_stderr(&e.render().to_string());
            return e.exit_code();
        }
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    if let Some(id) = cli.explain {
        return rule_doc(&id);
    }
    match cli.command {
        Some(Command::Check(a)) => check(a),
        Some(Command::Rules { format }) => list_rules(format),
        Some(Command::Rule { id }) => rule_doc(&id),
        Some(Command::Facts { path, format }) => facts(&path, format),
        Some(Command::Config { path, config }) => show_config(path.as_deref(), config.as_deref()),
        Some(Command::Server) => crate::server::run(),
        None => {
            let _ = <Cli as clap::CommandFactory>::command().print_help();
            2
        }
    }
}

fn fail(msg: impl std::fmt::Display) -> i32 {
    to_stderr(&format!("error: {msg}\n"));
    2
}

/// Write to stderr, control characters escaped (paths and messages may hold them). Never
/// panics: a message that cannot be written (stderr closed or full) is dropped, as there is
/// nowhere left to report it.
fn to_stderr(text: &str) {
    let mut err = std::io::stderr().lock();
    let text = render::escape_controls(text);
    let _ = err.write_all(text.as_bytes()).and_then(|_| err.flush());
}

/// Print to stdout; a closed pipe is not an error (the reader has seen what it wanted). Any
/// other failure is reported on stderr and returns `false` (exit code 2).
fn print(text: &str) -> bool {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            to_stderr(&format!("error: cannot write to standard output: {e}\n"));
            false
        }
    }
}

fn check(a: CheckArgs) -> i32 {
    let stdin = match &a.stdin_filename {
        Some(p) => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes) {
                return fail(format!("cannot read standard input: {e}"));
            }
            match String::from_utf8(bytes) {
                Ok(t) => Some((p.clone(), t)),
                Err(e) => {
                    return fail(format!(
                        "standard input is not valid UTF-8 (at byte {})",
                        e.utf8_error().valid_up_to()
                    ));
                }
            }
        }
        None => None,
    };
    let paths: Vec<PathBuf> = match &a.stdin_filename {
        Some(p) => vec![p.clone()],
        None => a.paths.clone(),
    };
    let bar = if a.quiet {
        None
    } else {
        crate::progress::Bar::for_stderr().map(std::sync::Arc::new)
    };
    let opts = Options {
        paths: a.paths.clone(),
        jobs: a.jobs,
        select: a.select.clone(),
        ignore: a.ignore.clone(),
        config: a.config.clone(),
        force_exclude: a.force_exclude,
        crate_context: true,
        follow_links: a.follow_links,
        progress: bar
            .clone()
            .map(|b| b as std::sync::Arc<dyn engine::Progress>),
        all_files: a.all_files,
        stdin,
        cache_dir: if a.no_cache {
            None
        } else {
            Some(
                a.cache_dir
                    .clone()
                    .unwrap_or_else(|| crate::cache::default_dir(&paths, a.config.as_deref())),
            )
        },
        ..Options::default()
    };
    // `racelint chek`: a misspelt subcommand reads as a path
    if let Some(first) = a.paths.first()
        && std::fs::symlink_metadata(first).is_err()
        && let Some(sub) = first
            .to_str()
            .and_then(|f| crate::suggest::closest(f, SUBCOMMANDS))
    {
        return fail(format!(
            "path does not exist: {}; did you mean the subcommand `{sub}`?",
            crate::walk::display_path(first)
        ));
    }
    if let Some(dir) = &a.root
        && !dir.is_dir()
    {
        return fail(format!("--root {}: not a directory", dir.display()));
    }
    if a.unsafe_fixes && !a.fix && !a.diff {
        return fail("`--unsafe-fixes` applies with `--fix` or `--diff`");
    }
    if a.fix || a.diff {
        // the rounds lint several times: no progress bar
        if let Some(b) = &bar {
            b.finish();
        }
        let opts = Options {
            progress: None,
            ..opts
        };
        return fix(&a, &opts);
    }
    // read the baseline first: a bad one is a usage error before any work
    let baseline = match &a.baseline {
        Some(p) => match std::fs::read_to_string(p) {
            Ok(t) => match Baseline::parse(&t) {
                Ok(b) => Some(b),
                Err(e) => return fail(format!("{}: not a racelint baseline: {e}", p.display())),
            },
            Err(e) => return fail(format!("{}: cannot read baseline: {e}", p.display())),
        },
        None => None,
    };
    let checked = engine::check(&opts);
    if let Some(b) = &bar {
        b.finish();
    }
    let mut report = match checked {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    if a.no_timing {
        report.elapsed = std::time::Duration::ZERO;
    }
    let mut outcome = None;
    let root = || ProjectRoot::find(&paths, a.config.as_deref());
    if let Some(path) = &a.write_baseline {
        let root = root();
        let b = Baseline::from_report(&report, &root);
        if let Err(e) = crate::outfile::write(path, b.to_json().as_bytes()) {
            return fail(format!("{}: cannot write baseline: {e}", path.display()));
        }
        if !a.quiet {
            to_stderr(&format!(
                "racelint: recorded {} in {} ({})\n",
                render::plural(report.diagnostics.len(), "finding", "findings"),
                path.display(),
                render::plural(b.entries.len(), "entry", "entries")
            ));
        }
        outcome = Some(b.apply(&mut report, &root));
    } else if let Some(b) = &baseline {
        outcome = Some(b.apply(&mut report, &root()));
    }
    if report.files_scanned == 0 && !a.quiet {
        if report.skipped_not_compiled > 0 {
            to_stderr(&format!(
                "warning: no Rust files to check: the {} under the given paths {} in no crate's \
                 module tree (`--all-files` lints them)\n",
                crate::render::plural(report.skipped_not_compiled, "file", "files"),
                if report.skipped_not_compiled == 1 {
                    "is"
                } else {
                    "are"
                }
            ));
        } else if report.skipped_outside_links > 0 {
            to_stderr(&format!(
                "warning: no Rust files to check: {} under the given paths {} outside them and \
                 {} skipped (`--follow-links` follows {})\n",
                crate::render::plural(
                    report.skipped_outside_links,
                    "symbolic link",
                    "symbolic links"
                ),
                if report.skipped_outside_links == 1 {
                    "resolves"
                } else {
                    "resolve"
                },
                if report.skipped_outside_links == 1 {
                    "was"
                } else {
                    "were"
                },
                if report.skipped_outside_links == 1 {
                    "it"
                } else {
                    "them"
                },
            ));
        } else {
            to_stderr(
                "warning: no Rust files to check: every `.rs` file under the given paths is \
                 excluded, ignored or hidden, or there are none\n",
            );
        }
    }
    let format = a.format.format();
    let ropts = render_options(&a, format, outcome);
    let text = render::render(format, &report, &ropts);
    if !a.quiet {
        if format != Format::Human && a.statistics {
            to_stderr(&render::statistics_table(&report));
        }
        if let Some(b) = outcome
            && a.output.is_none()
            && format != Format::Human
            && a.write_baseline.is_none()
        {
            to_stderr(&format!(
                "racelint: {} hidden by the baseline; {} fixed\n",
                render::plural(b.matched, "finding", "findings"),
                render::plural(b.fixed, "baseline entry", "baseline entries")
            ));
        }
    }
    match &a.output {
        Some(path) => {
            if let Err(e) = crate::outfile::write(path, text.as_bytes()) {
                return fail(format!("{}: cannot write output: {e}", path.display()));
            }
            if !a.quiet {
                // the summary (with the baseline's line) to the terminal
                to_stderr(&render::summary(&report, &ropts));
            }
        }
        None => {
            if !print(&text) {
                return 2;
            }
        }
    }
    exit_code(&report, &a)
}

/// How the check's output is rendered: colour (an output file gets none unless asked for
/// with `--color always`), quiet, statistics, the baseline's outcome, the SARIF root.
fn render_options(
    a: &CheckArgs,
    format: Format,
    baseline: Option<crate::baseline::Outcome>,
) -> RenderOptions {
    let color = match a.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => a.output.is_none() && auto_color(std::io::stdout().is_terminal()),
    };
    RenderOptions {
        color,
        quiet: a.quiet,
        statistics: a.statistics,
        baseline,
        root: (format == Format::Sarif).then(|| {
            ProjectRoot::repository(a.root.as_deref(), a.paths.first().map(PathBuf::as_path))
                .dir()
                .to_path_buf()
        }),
    }
}

/// 2 after an internal error; 0 with `--exit-zero`; 1 when a file could not be analysed or
/// more than `--max-findings` (default 0) findings are at or above `--fail-on`; else 0.
fn exit_code(report: &engine::Report, a: &CheckArgs) -> i32 {
    if report.has_internal_error() {
        return 2;
    }
    if a.exit_zero {
        return 0;
    }
    let failing = report
        .diagnostics
        .iter()
        .filter(|d| a.fail_on.fails(d.severity))
        .count();
    if !report.errors.is_empty() || failing > a.max_findings.unwrap_or(0) {
        1
    } else {
        0
    }
}

/// `--color auto`: the conventions of the `NO_COLOR` and `CLICOLOR` standards, read through
/// `anstyle-query` (as `anstream` does): `NO_COLOR` set and not empty turns colour off,
/// `CLICOLOR_FORCE` (not `0`) turns it on even in a pipe, `CLICOLOR=0` turns it off; otherwise
/// colour on a terminal whose `TERM` is not `dumb`.
fn auto_color(is_terminal: bool) -> bool {
    if anstyle_query::no_color() {
        false
    } else if clicolor_force() {
        true
    } else if anstyle_query::clicolor() == Some(false) {
        false
    } else {
        is_terminal
            && (anstyle_query::term_supports_color() || anstyle_query::clicolor() == Some(true))
    }
}

/// `CLICOLOR_FORCE` set to a value other than `0` (bixense.com/clicolors: "set CLICOLOR_FORCE
/// to a value other than 0"). `anstyle_query::clicolor_force` takes any non-empty value, `0`
/// too, so `CLICOLOR_FORCE=0` would force colour into a pipe.
fn clicolor_force() -> bool {
    anstyle_query::clicolor_force() && std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v != "0")
}

/// `racelint config [PATH]`: the config file that applies to PATH and the effective settings,
/// as a config file that would give the same run.
fn show_config(path: Option<&Path>, forced: Option<&Path>) -> i32 {
    let path = path.unwrap_or(Path::new("."));
    if std::fs::symlink_metadata(path).is_err() {
        return fail(format!(
            "path does not exist: {}",
            crate::walk::display_path(path)
        ));
    }
    let loaded = match forced {
        Some(f) => match crate::config::load(f) {
            Ok(Some(c)) => Some(c),
            Ok(None) => {
                return fail(format!(
                    "{}: no `[package.metadata.racelint]` or `[workspace.metadata.racelint]` table",
                    f.display()
                ));
            }
            Err(e) => return fail(e),
        },
        None => match crate::config::discover(path) {
            Ok(c) => c,
            Err(e) => return fail(e),
        },
    };
    let cfg = loaded.unwrap_or_else(|| {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        crate::config::Config::default_for(&abs)
    });
    if print(&crate::config::describe(&cfg)) {
        0
    } else {
        2
    }
}

/// `--fix` and `--diff`.
fn fix(a: &CheckArgs, opts: &Options) -> i32 {
    let level = if a.unsafe_fixes {
        crate::fix::Level::Unsafe
    } else {
        crate::fix::Level::Safe
    };
    let mut outcome = match crate::fix::run(opts, level) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    if a.no_timing {
        outcome.report.elapsed = std::time::Duration::ZERO;
    }
    let files = outcome.files.len();
    let fixes = outcome.applied;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let unconverged = if outcome.converged {
        String::new()
    } else {
        format!(
            "racelint: the fixes did not settle after {} rounds; run again and review the result\n",
            crate::fix::MAX_ROUNDS
        )
    };
    if a.diff {
        let diff = crate::fix::unified_diff(&outcome);
        let written = match &a.output {
            Some(path) => crate::outfile::write(path, diff.as_bytes())
                .map_err(|e| fail(format!("{}: cannot write output: {e}", path.display()))),
            None => {
                if print(&diff) {
                    Ok(())
                } else {
                    Err(2)
                }
            }
        };
        if let Err(code) = written {
            return code;
        }
        if !a.quiet {
            to_stderr(&format!(
                "racelint: {} would be applied to {}\n{unconverged}",
                plural(fixes, "fix", "fixes"),
                plural(files, "file", "files"),
            ));
        }
        return if outcome.report.has_internal_error() {
            2
        } else if diff.is_empty() || a.exit_zero {
            0
        } else {
            1
        };
    }
    let errors = crate::fix::write(&outcome);
    for e in &errors {
        to_stderr(&format!("error: {}: {}\n", e.file, e.message));
    }
    let report = &outcome.report;
    let format = a.format.format();
    let ropts = render_options(a, format, None);
    let text = render::render(format, report, &ropts);
    match &a.output {
        Some(path) => {
            if let Err(e) = crate::outfile::write(path, text.as_bytes()) {
                return fail(format!("{}: cannot write output: {e}", path.display()));
            }
        }
        None => {
            if !print(&text) {
                return 2;
            }
        }
    }
    if !a.quiet {
        let not_written = errors.len();
        let written_files = files - not_written;
        to_stderr(&format!(
            "racelint: applied {} in {}; {}{}\n{unconverged}",
            plural(fixes, "fix", "fixes"),
            plural(written_files, "file", "files"),
            plural(
                report.diagnostics.len(),
                "finding remains",
                "findings remain"
            ),
            if not_written > 0 {
                format!(
                    " ({} not written: see the errors above)",
                    plural(not_written, "file", "files")
                )
            } else {
                String::new()
            }
        ));
    }
    if !errors.is_empty() {
        return 2;
    }
    exit_code(report, a)
}

fn list_rules(format: ListFormat) -> i32 {
    let text = match format {
        ListFormat::Json => {
            let v: Vec<serde_json::Value> = rules::RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id,
                        "category": r.category,
                        "severity": r.severity.as_str(),
                        "summary": r.summary,
                        "options": r.options.keys,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        ListFormat::Text => {
            let w_id = rules::RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
            let w_cat = rules::RULES
                .iter()
                .map(|r| r.category.len())
                .max()
                .unwrap_or(0);
            let mut s = String::new();
            for r in rules::RULES {
                s.push_str(&format!(
                    "{:<w_id$}  {:<w_cat$}  {:<7}  {}\n",
                    r.id,
                    r.category,
                    r.severity.as_str(),
                    r.summary
                ));
            }
            s
        }
    };
    if print(&text) { 0 } else { 2 }
}

fn rule_doc(id: &str) -> i32 {
    if let Some(m) = rules::meta(id) {
        let mut doc = m.printed_doc();
        if !doc.ends_with('\n') {
            doc.push('\n');
        }
        return if print(&doc) { 0 } else { 2 };
    }
    if rules::categories().contains(&id) {
        let mut s = format!("# {id}\n\n");
        for r in rules::RULES.iter().filter(|r| r.category == id) {
            s.push_str(&format!(
                "- `{}` ({}): {}\n",
                r.id,
                r.severity.as_str(),
                r.summary
            ));
        }
        return if print(&s) { 0 } else { 2 };
    }
    fail(format!(
        "unknown rule `{id}`{} ({})",
        crate::suggest::did_you_mean(id, crate::config::selector_names()),
        crate::config::valid_selectors()
    ))
}

fn facts(path: &Path, format: ListFormat) -> i32 {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return fail(format!("{}: {e}", path.display())),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            to_stderr(&format!(
                "error: {}: not valid UTF-8 (byte offset {})\n",
                path.display(),
                e.utf8_error().valid_up_to()
            ));
            return 1;
        }
    };
    let display = crate::walk::display_path(path);
    let edition = engine::EditionCache::default()
        .edition_for(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    let json = format == ListFormat::Json;
    let work = move || -> Result<String, String> {
        let source = crate::source::SourceFile::new(display, text);
        let ast = crate::analysis::parse(&source.text).map_err(|e| {
            let at = e
                .offset
                .map(|o| {
                    let p = source.line_col(o);
                    format!("{}:{}:{}: ", source.path, p.line, p.column)
                })
                .unwrap_or_default();
            format!("{at}syntax error: {}", e.message)
        })?;
        let model = crate::model::build_file_model(&ast, &source, edition);
        drop(ast);
        proc_macro2::extra::invalidate_current_thread_spans();
        Ok(if json {
            serde_json::to_string_pretty(&crate::model::facts::render_json(&model, &source))
                .unwrap_or_default()
                + "\n"
        } else {
            render::escape_controls(&crate::model::facts::render_text(&model, &source)).into_owned()
        })
    };
    let handle = std::thread::Builder::new()
        .stack_size(engine::STACK_SIZE)
        .spawn(move || std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)));
    match handle.map(|h| h.join()) {
        Ok(Ok(Ok(Ok(text)))) => {
            if print(&text) {
                0
            } else {
                2
            }
        }
        Ok(Ok(Ok(Err(msg)))) => {
            to_stderr(&format!("error: {msg}\n"));
            1
        }
        _ => fail("internal error while extracting facts; please report it"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(v: &[&str]) -> Vec<String> {
        normalise(v.iter().map(OsString::from).collect())
            .into_iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn cargo_and_default_subcommand() {
        assert_eq!(
            norm(&["cargo-racelint", "racelint", "check", "."]),
            ["cargo-racelint", "check", "."]
        );
        assert_eq!(
            norm(&["cargo-racelint", "racelint", "--format", "rustc-json"]),
            ["cargo-racelint", "check", "--format", "rustc-json"]
        );
        assert_eq!(norm(&["racelint"]), ["racelint", "check"]);
        assert_eq!(
            norm(&["racelint", "--explain", "x"]),
            ["racelint", "--explain", "x"]
        );
        assert_eq!(norm(&["racelint", "rules"]), ["racelint", "rules"]);
    }
}
