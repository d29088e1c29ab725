//! Every output format, from the real binary and from a synthetic report with labels in two
//! files, notes and a suggestion (the rules may not report such findings yet).

mod common;

use std::collections::BTreeMap;

use common::{A, UNUSED, json, racelint, stderr, stdout, synthetic, tree};
use racelint::diagnostic::Span;
use racelint::engine::Report;
use racelint::render::{self, Format, RenderOptions};
use racelint::source::SourceFile;
use serde::Deserialize;

fn opts() -> RenderOptions {
    RenderOptions::default()
}

#[test]
fn json_follows_the_contract() {
    let r = synthetic();
    let v: serde_json::Value =
        serde_json::from_str(&render::render(Format::Json, &r, &opts())).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "racelint");
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "split-critical-section");
    assert_eq!(d["category"], "read-modify-write");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "src/a.rs");
    // `    let n = m.lock().unwrap().likes;`: the read starts at column 13, ends (inclusive) at 35
    assert_eq!(
        (
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["end_line"].as_u64(),
            d["end_column"].as_u64()
        ),
        (Some(4), Some(13), Some(4), Some(35))
    );
    assert_eq!(d["labels"][0]["line"], 5);
    assert_eq!(d["labels"][0]["column"], 5);
    assert_eq!(
        d["labels"][0]["message"],
        "written back here, under a second guard"
    );
    assert_eq!(d["labels"][1]["file"], "src/b.rs");
    assert_eq!(d["labels"][1]["line"], 2);
    assert_eq!(
        d["notes"][0],
        "the first guard is dropped at the end of the `let` statement"
    );
    assert_eq!(d["suggestion"]["applicability"], "maybe-incorrect");
    let e = &d["suggestion"]["edits"][0];
    assert_eq!(
        (
            e["file"].as_str(),
            e["line"].as_u64(),
            e["column"].as_u64(),
            e["end_line"].as_u64()
        ),
        (Some("src/a.rs"), Some(4), Some(5), Some(5))
    );
    assert_eq!(e["replacement"], "m.lock().unwrap().likes += 1;");
    assert!(v["diagnostics"][1]["suggestion"].is_null());
    assert_eq!(v["errors"], serde_json::json!([]));
    for k in [
        "files_scanned",
        "files_with_errors",
        "diagnostics",
        "suppressed",
        "files_not_in_crate",
        "elapsed_ms",
    ] {
        assert!(v["summary"][k].is_u64(), "summary.{k}");
    }
}

#[test]
fn json_from_the_binary_counts_characters_not_bytes() {
    let d = tree(&[(
        "a.rs",
        "fn é() {\n    /* ééé */ // racelint: allow(double-lock)\n}\n",
    )]);
    let v = json(
        &racelint(d.path())
            .args(["check", "--format", "json"])
            .assert()
            .code(0),
    );
    let d = &v["diagnostics"][0];
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 15, "{d:#}");
    assert_eq!(
        d["end_column"],
        15 + "// racelint: allow(double-lock)".len() as u64 - 1
    );
}

// --- SARIF ---------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sarif {
    #[serde(rename = "$schema")]
    schema: String,
    version: String,
    runs: Vec<Run>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: String,
    results: Vec<SarifResult>,
    invocations: Vec<serde_json::Value>,
}

#[derive(Deserialize)]
struct Tool {
    driver: Driver,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: String,
    version: String,
    information_uri: String,
    rules: Vec<RuleDescriptor>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: String,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: DefaultConfiguration,
}

#[derive(Deserialize)]
struct Text {
    text: String,
}

#[derive(Deserialize)]
struct DefaultConfiguration {
    level: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: String,
    message: Text,
    locations: Vec<Location>,
    #[serde(default)]
    related_locations: Vec<Location>,
    partial_fingerprints: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    message: Option<Text>,
    id: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Deserialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn sarif(r: &Report) -> Sarif {
    serde_json::from_str(&render::render(Format::Sarif, r, &opts())).expect("SARIF deserialises")
}

#[test]
fn sarif_has_the_fields_code_scanning_needs() {
    let r = synthetic();
    let s = sarif(&r);
    assert_eq!(s.version, "2.1.0");
    assert!(s.schema.contains("sarif-2.1.0"));
    let run = &s.runs[0];
    assert_eq!(run.column_kind, "unicodeCodePoints");
    assert_eq!(run.tool.driver.name, "racelint");
    assert_eq!(run.tool.driver.version, env!("CARGO_PKG_VERSION"));
    assert!(run.tool.driver.information_uri.starts_with("https://"));
    assert_eq!(run.tool.driver.rules.len(), racelint::rules::RULES.len());
    for (rd, meta) in run.tool.driver.rules.iter().zip(racelint::rules::RULES) {
        assert_eq!(rd.id, meta.id);
        assert!(!rd.name.is_empty() && !rd.name.contains('-'));
        assert_eq!(rd.short_description.text, meta.summary);
        assert!(!rd.full_description.text.is_empty());
        assert_eq!(rd.help.text, meta.printed_doc());
        assert_eq!(rd.default_configuration.level, meta.severity.as_str());
    }
    assert_eq!(run.results.len(), 2);
    let res = &run.results[0];
    assert_eq!(res.rule_id, "split-critical-section");
    assert_eq!(run.tool.driver.rules[res.rule_index].id, res.rule_id);
    assert_eq!(res.level, "warning");
    assert!(res.message.text.starts_with("`m.likes` is read"));
    let loc = &res.locations[0].physical_location;
    assert_eq!(loc.artifact_location.uri, "src/a.rs");
    // end column is exclusive: the JSON's inclusive 35 becomes 36
    assert_eq!(
        (
            loc.region.start_line,
            loc.region.start_column,
            loc.region.end_line,
            loc.region.end_column
        ),
        (4, 13, 4, 36)
    );
    assert_eq!(res.related_locations.len(), 2);
    assert_eq!(
        res.related_locations[1]
            .physical_location
            .artifact_location
            .uri,
        "src/b.rs"
    );
    assert_eq!(
        res.related_locations[0].message.as_ref().unwrap().text,
        "written back here, under a second guard"
    );
    assert_eq!(res.related_locations[0].id, Some(1));
    assert!(!res.partial_fingerprints.is_empty());
    assert_eq!(run.results[1].level, "note");
    assert!(run.invocations[0]["executionSuccessful"].as_bool().unwrap());
}

#[test]
fn sarif_fingerprints_do_not_depend_on_line_numbers() {
    let r = synthetic();
    let before = sarif(&r)
        .runs
        .remove(0)
        .results
        .remove(0)
        .partial_fingerprints;
    // the same finding three lines further down
    let shift = "// one\n// two\n// three\n";
    let mut moved = synthetic();
    let text = format!("{shift}{A}");
    moved
        .sources
        .insert("src/a.rs".into(), SourceFile::new("src/a.rs", text));
    let d = &mut moved.diagnostics[0];
    d.span = Span::new(d.span.start + shift.len(), d.span.end + shift.len());
    for l in d.labels.iter_mut().filter(|l| l.file.is_none()) {
        l.span = Span::new(l.span.start + shift.len(), l.span.end + shift.len());
    }
    moved.items.insert(
        "src/a.rs".into(),
        vec![(
            Span::new(23 + shift.len(), A.len() + shift.len()),
            "like".into(),
        )],
    );
    let s = sarif(&moved);
    let res = &s.runs[0].results[0];
    assert_eq!(res.locations[0].physical_location.region.start_line, 7);
    assert_eq!(before, res.partial_fingerprints);
}

#[test]
fn sarif_from_the_binary_reports_file_errors_as_notifications() {
    let d = tree(&[("a.rs", UNUSED), ("bad.rs", "fn (")]);
    let a = racelint(d.path())
        .args(["check", "--format", "sarif"])
        .assert()
        .code(1);
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let run = &v["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), 1);
    let n = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(n["level"], "error");
    assert_eq!(
        n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "bad.rs"
    );
}

// --- GitHub, GitLab --------------------------------------------------------------------------

#[test]
fn github_workflow_commands_are_escaped() {
    let out = render::render(Format::Github, &synthetic(), &opts());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("::warning file=src/a.rs,line=4,col=13,endLine=4,endColumn=35,title=racelint(split-critical-section)::`m.likes` is read"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("%0Asrc/b.rs:2:9: the field"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::notice file=src/b.rs,line=1,col=1,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with("::a note, with: commas, colons%0Aand a newline 100%25"),
        "{}",
        lines[1]
    );
    // from the binary
    let d = tree(&[("a,b.rs", UNUSED)]);
    let a = racelint(d.path())
        .args(["check", "--format", "github"])
        .assert()
        .code(0);
    assert!(
        stdout(&a).starts_with("::notice file=a%2Cb.rs,line=2,col=5,"),
        "{}",
        stdout(&a)
    );
}

#[test]
fn gitlab_code_quality_report() {
    let r = synthetic();
    let v: serde_json::Value =
        serde_json::from_str(&render::render(Format::Gitlab, &r, &opts())).unwrap();
    let issues = v.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    let i = &issues[0];
    assert!(
        i["description"]
            .as_str()
            .unwrap()
            .starts_with("`m.likes` is read")
    );
    assert_eq!(i["check_name"], "split-critical-section");
    assert_eq!(i["severity"], "major");
    assert_eq!(i["location"]["path"], "src/a.rs");
    assert_eq!(i["location"]["lines"]["begin"], 4);
    assert_eq!(issues[1]["severity"], "info");
    let fp: std::collections::HashSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fp.len(), 2, "fingerprints are unique");
}

// --- rustc JSON ------------------------------------------------------------------------------
// The shape rust-analyzer deserialises (`cargo_metadata::diagnostic::Diagnostic`): every field
// it requires is required here too.

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct RustcDiagnostic {
    #[serde(rename = "$message_type")]
    message_type: String,
    message: String,
    code: Option<DiagnosticCode>,
    level: String,
    spans: Vec<DiagnosticSpan>,
    children: Vec<Child>,
    rendered: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct Child {
    message: String,
    code: Option<DiagnosticCode>,
    level: String,
    spans: Vec<DiagnosticSpan>,
    children: Vec<Child>,
    rendered: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct DiagnosticCode {
    code: String,
    explanation: Option<String>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct DiagnosticSpan {
    file_name: String,
    byte_start: u32,
    byte_end: u32,
    line_start: usize,
    line_end: usize,
    column_start: usize,
    column_end: usize,
    is_primary: bool,
    text: Vec<SpanLine>,
    label: Option<String>,
    suggested_replacement: Option<String>,
    suggestion_applicability: Option<String>,
    expansion: Option<serde_json::Value>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct SpanLine {
    text: String,
    highlight_start: usize,
    highlight_end: usize,
}

#[test]
fn rustc_json_deserialises_into_the_shape_rust_analyzer_reads() {
    let r = synthetic();
    let out = render::render(Format::RustcJson, &r, &opts());
    let diags: Vec<RustcDiagnostic> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect();
    assert_eq!(diags.len(), 2);
    let d = &diags[0];
    assert_eq!(d.message_type, "diagnostic");
    assert_eq!(d.level, "warning");
    assert_eq!(d.code.as_ref().unwrap().code, "split-critical-section");
    assert!(d.code.as_ref().unwrap().explanation.is_some());
    assert!(d.message.starts_with("`m.likes`"));
    let p = &d.spans[0];
    assert!(p.is_primary);
    assert_eq!(p.file_name, "src/a.rs");
    assert_eq!(
        &A[p.byte_start as usize..p.byte_end as usize],
        "m.lock().unwrap().likes"
    );
    assert_eq!(
        (p.line_start, p.column_start, p.line_end, p.column_end),
        (4, 13, 4, 36)
    );
    assert_eq!(p.text[0].text, "    let n = m.lock().unwrap().likes; // é");
    assert_eq!(
        (p.text[0].highlight_start, p.text[0].highlight_end),
        (13, 36)
    );
    assert!(p.expansion.is_none());
    assert_eq!(d.spans.len(), 3);
    assert!(!d.spans[1].is_primary);
    assert_eq!(
        d.spans[1].label.as_deref(),
        Some("written back here, under a second guard")
    );
    assert_eq!(d.spans[2].file_name, "src/b.rs");
    assert_eq!(d.children[0].level, "note");
    let help = &d.children[1];
    assert_eq!(help.level, "help");
    assert_eq!(help.message, "do the update under one guard");
    assert_eq!(
        help.spans[0].suggested_replacement.as_deref(),
        Some("m.lock().unwrap().likes += 1;")
    );
    assert_eq!(
        help.spans[0].suggestion_applicability.as_deref(),
        Some("MaybeIncorrect")
    );
    assert!(help.children.is_empty() && help.rendered.is_none() && help.code.is_none());
    let rendered = d.rendered.as_deref().unwrap();
    assert!(
        rendered.starts_with("warning[split-critical-section]: `m.likes` is read"),
        "{rendered}"
    );
    assert_eq!(diags[1].level, "note");
    let _ = (&d.spans[0].label, &help.spans[0].text);
}

#[test]
fn rustc_json_from_the_binary_one_object_per_line() {
    let d = tree(&[("a.rs", UNUSED), ("b.rs", UNUSED), ("bad.rs", "fn (")]);
    let a = racelint(d.path())
        .args(["check", "--format", "rustc-json"])
        .assert()
        .code(1);
    let out = stdout(&a);
    let diags: Vec<RustcDiagnostic> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect();
    assert_eq!(diags.len(), 3);
    assert_eq!(diags[0].level, "error");
    assert_eq!(diags[0].spans[0].file_name, "bad.rs");
    assert_eq!(diags[1].spans[0].file_name, "a.rs");
}

// --- human ---------------------------------------------------------------------------------

#[test]
fn human_shows_labels_in_other_files_notes_and_the_rewrite() {
    let out = render::render(Format::Human, &synthetic(), &opts());
    assert!(out.contains("warning[split-critical-section]"), "{out}");
    assert!(out.contains("--> src/a.rs:4:13"), "{out}");
    assert!(out.contains("src/b.rs:2:9"), "{out}");
    assert!(
        out.contains("written back here, under a second guard"),
        "{out}"
    );
    assert!(out.contains("= note: the first guard is dropped"), "{out}");
    assert!(
        out.contains("= help: do the update under one guard"),
        "{out}"
    );
    assert!(out.contains("m.lock().unwrap().likes += 1;"), "{out}");
    assert!(
        out.ends_with("1 warning, 1 note in 2 files (2 files checked)\n"),
        "{out}"
    );
}

// --- against the real schemas -----------------------------------------------------------------

/// Validate a SARIF document against the vendored OASIS SARIF 2.1.0 JSON schema.
fn check_sarif(doc: &serde_json::Value) -> Result<(), String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-schema-2.1.0.json"
    );
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.enable_format_assertions();
    let index = compiler
        .compile(path, &mut schemas)
        .expect("the schema compiles");
    schemas.validate(doc, index).map_err(|e| format!("{e:#}"))
}

fn validate_sarif(doc: &serde_json::Value) {
    if let Err(e) = check_sarif(doc) {
        panic!("SARIF output does not match the 2.1.0 schema:\n{e}\n{doc:#}");
    }
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let r = synthetic();
    let mut doc: serde_json::Value =
        serde_json::from_str(&render::render(Format::Sarif, &r, &opts())).unwrap();
    validate_sarif(&doc);
    // the validator does reject what the schema forbids
    doc["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(check_sarif(&doc).is_err());
    // from the binary, with a file error among the findings
    let d = tree(&[
        ("a.rs", UNUSED),
        ("dir with space/b.rs", UNUSED),
        ("bad.rs", "fn ("),
    ]);
    let a = racelint(d.path())
        .args(["check", "--format", "sarif"])
        .assert()
        .code(1);
    validate_sarif(&serde_json::from_slice(&a.get_output().stdout).unwrap());
}

#[test]
fn rustc_json_deserialises_with_cargo_metadata_as_rust_analyzer_does() {
    let r = synthetic();
    for line in render::render(Format::RustcJson, &r, &opts()).lines() {
        let d: cargo_metadata::diagnostic::Diagnostic =
            serde_json::from_str(line).expect("a cargo_metadata Diagnostic");
        assert!(!d.spans.is_empty());
        assert!(d.rendered.is_some());
    }
    let d = tree(&[("a.rs", UNUSED), ("bad.rs", "fn (")]);
    let a = racelint(d.path())
        .args(["check", "--format", "rustc-json"])
        .assert()
        .code(1);
    for line in stdout(&a).lines() {
        let _: cargo_metadata::diagnostic::Diagnostic = serde_json::from_str(line).expect(line);
    }
}

#[test]
fn sarif_uris_are_relative_to_the_repository_root() {
    // a git repository with the crate in `cli/`, linted from inside `cli/`
    let d = tree(&[
        ("cli/src/a.rs", UNUSED),
        ("cli/src/dir with space/b.rs", UNUSED),
    ]);
    std::fs::create_dir(d.path().join(".git")).unwrap();
    let root = d.path().canonicalize().unwrap();
    let sarif_in = |dir: &std::path::Path, args: &[&str]| -> serde_json::Value {
        let a = racelint(dir)
            .args(["check", "--format", "sarif"])
            .args(args)
            .assert()
            .code(0);
        let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
        validate_sarif(&v);
        v
    };
    let uris = |v: &serde_json::Value| -> Vec<(String, String)> {
        v["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let a = &r["locations"][0]["physicalLocation"]["artifactLocation"];
                (
                    a["uri"].as_str().unwrap().to_string(),
                    a["uriBaseId"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let base =
        |v: &serde_json::Value| v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].clone();

    // the git top level, wherever racelint runs
    for (dir, path) in [(d.path().join("cli"), "."), (d.path().to_path_buf(), "cli")] {
        let v = sarif_in(&dir, &[path]);
        assert_eq!(
            uris(&v),
            [
                ("cli/src/a.rs".to_string(), "%SRCROOT%".to_string()),
                ("cli/src/dir%20with%20space/b.rs".into(), "%SRCROOT%".into())
            ],
            "{v:#}"
        );
        assert_eq!(base(&v), format!("file://{}/", root.display()));
    }
    // --root DIR
    let v = sarif_in(&d.path().join("cli"), &["--root", "src"]);
    assert_eq!(uris(&v)[0], ("a.rs".to_string(), "%SRCROOT%".to_string()));
    assert_eq!(base(&v), format!("file://{}/cli/src/", root.display()));
    // a file outside the root keeps an absolute URI, without a base
    let v = sarif_in(
        &d.path().join("cli"),
        &["--root", "src/dir with space", "src/a.rs"],
    );
    assert_eq!(
        uris(&v)[0],
        (
            format!("file://{}/cli/src/a.rs", root.display()),
            String::new()
        )
    );
    // --root must be a directory
    let a = racelint(d.path())
        .args(["check", "--format", "sarif", "--root", "nope"])
        .assert()
        .code(2);
    assert!(stderr(&a).contains("--root nope: not a directory"));
}
