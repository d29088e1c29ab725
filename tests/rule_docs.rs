//! Every rule's documentation (`rules/<id>.md`) shows code that does what it says: the
//! `## Bad` example is reported by that rule, the `## Fixed` example is not (and both parse).
//!
//! Examples may be fragments. Lines starting with `# ` are hidden setup (rustdoc's
//! convention): linted here, not printed by `racelint rule <id>`. A block without a top-level
//! item is wrapped in a function (`async` when it awaits) that returns a `Result`, so `?`
//! works.

use racelint::analysis::{analyze_file, finish};
use racelint::model::Edition;
use racelint::source::SourceFile;

/// The ```rust blocks of section `## {head}`.
fn section_blocks(doc: &str, head: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_section = false;
    let mut block: Option<String> = None;
    for line in doc.lines() {
        if block.is_none() && line.starts_with("## ") {
            in_section = line.trim_end() == format!("## {head}");
            continue;
        }
        match &mut block {
            Some(b) if line.trim_start().starts_with("```") => {
                out.push(std::mem::take(b));
                block = None;
            }
            Some(b) => {
                b.push_str(line);
                b.push('\n');
            }
            None if in_section && line.trim_start() == "```rust" => block = Some(String::new()),
            None => {}
        }
    }
    out
}

/// The code of a block as linted: hidden lines shown, fragments wrapped.
fn as_code(block: &str) -> String {
    let lines: Vec<&str> = block
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest) => rest,
            None if l == "#" => "",
            None => l,
        })
        .collect();
    let has_item = lines.iter().any(|l| {
        [
            "pub ",
            "async ",
            "fn ",
            "struct ",
            "impl ",
            "use ",
            "static ",
            "mod ",
            "enum ",
            "const ",
            "trait ",
            "#[",
            "unsafe fn",
            "type ",
        ]
        .iter()
        .any(|k| l.starts_with(k))
    });
    let code = lines.join("\n");
    if has_item {
        return code;
    }
    let asyncness = if code.contains(".await") {
        "async "
    } else {
        ""
    };
    format!(
        "pub {asyncness}fn __doc_example() -> Result<(), Box<dyn std::error::Error>> {{\n{code}\n    Ok(())\n}}\n"
    )
}

/// The rules reported on the blocks of one section, linted as one file.
fn rules_of(id: &str, head: &str, blocks: &[String]) -> Vec<&'static str> {
    let code: Vec<String> = blocks.iter().map(|b| as_code(b)).collect();
    let path = format!("{id}-{head}.rs");
    let analysis = analyze_file(
        &SourceFile::new(path.clone(), code.join("\n")),
        Edition::E2021,
    )
    .unwrap_or_else(|e| panic!("rules/{id}.md `## {head}` does not parse: {}", e.message));
    finish(vec![analysis]).into_iter().map(|d| d.rule).collect()
}

#[test]
fn bad_examples_fire_and_fixed_examples_are_clean() {
    let mut problems = Vec::new();
    for rule in racelint::rules::RULES {
        let bad = section_blocks(rule.doc, "Bad");
        let fixed = section_blocks(rule.doc, "Fixed");
        if bad.is_empty() || fixed.is_empty() {
            problems.push(format!(
                "rules/{}.md: no `## Bad` or `## Fixed` example",
                rule.id
            ));
            continue;
        }
        if rule.id == "unused-suppression" {
            // found after the other rules ran, by the engine: checked through the binary below
            continue;
        }
        if !rules_of(rule.id, "Bad", &bad).contains(&rule.id) {
            problems.push(format!(
                "rules/{}.md: the bad example is not reported",
                rule.id
            ));
        }
        let after = rules_of(rule.id, "Fixed", &fixed);
        if after.contains(&rule.id) {
            problems.push(format!(
                "rules/{}.md: the fixed example is reported",
                rule.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn unused_suppression_examples_through_the_engine() {
    let doc = racelint::rules::meta("unused-suppression").unwrap().doc;
    let run = |blocks: Vec<String>| -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let code: Vec<String> = blocks.iter().map(|b| as_code(b)).collect();
        std::fs::write(dir.path().join("lib.rs"), code.join("\n")).unwrap();
        let opts = racelint::engine::Options {
            paths: vec![dir.path().join("lib.rs")],
            jobs: Some(1),
            ..Default::default()
        };
        racelint::engine::check(&opts)
            .unwrap()
            .diagnostics
            .iter()
            .map(|d| d.rule.to_string())
            .collect()
    };
    assert_eq!(run(section_blocks(doc, "Bad")), vec!["unused-suppression"]);
    assert!(run(section_blocks(doc, "Fixed")).is_empty());
}

#[test]
fn sections_and_hidden_lines_are_read_as_documented() {
    let doc = "# x\n\n## Bad\n\n```rust\n# use std::sync::Mutex;\nlet a = 1;\n```\n\n## Fixed\n\ntext\n\n```rust\nfn f() {}\n```\n```toml\nx = 1\n```\n";
    let bad = section_blocks(doc, "Bad");
    assert_eq!(bad, vec!["# use std::sync::Mutex;\nlet a = 1;\n"]);
    assert_eq!(section_blocks(doc, "Fixed"), vec!["fn f() {}\n"]);
    let code = as_code(&bad[0]);
    assert!(
        code.starts_with("use std::sync::Mutex;\nlet a = 1;"),
        "{code}"
    );
    let wrapped = as_code("let a = 1;\nf()?;\n");
    assert!(wrapped.starts_with("pub fn __doc_example()"), "{wrapped}");
    assert!(as_code("x.await;\n").starts_with("pub async fn"));
}
