//! A team teaches racelint its own repository API through `racelint.toml`.

mod common;

use common::{racelint, tree};

const HANDLER: &str = "pub async fn like(repo: &PostRepo, id: i64) -> Result<(), Error> {\n    let mut post = repo.fetch_post(id).await?;\n    post.likes += 1;\n    repo.persist_post(&post).await?;\n    Ok(())\n}\n";

fn rules(dir: &std::path::Path) -> Vec<String> {
    let out = racelint(dir)
        .args(["check", ".", "--format", "json"])
        .output()
        .expect("run racelint");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn configured_verbs_extend_the_defaults() {
    // unknown verbs: nothing to report
    let d = tree(&[("a.rs", HANDLER)]);
    assert!(rules(d.path()).is_empty());
    // the same code once `fetch_post` / `persist_post` are declared as store verbs
    let d = tree(&[
        ("a.rs", HANDLER),
        (
            "racelint.toml",
            "[rules.store-get-then-save]\nread-verbs = [\"fetch_post\"]\nwrite-verbs = [\"persist_post\"]\n",
        ),
    ]);
    assert_eq!(rules(d.path()), vec!["store-get-then-save".to_string()]);
}

#[test]
fn a_misspelt_verb_option_is_a_config_error() {
    let d = tree(&[
        ("a.rs", HANDLER),
        (
            "racelint.toml",
            "[rules.store-get-then-save]\nreed-verbs = [\"fetch_post\"]\n",
        ),
    ]);
    let out = racelint(d.path())
        .args(["check", "."])
        .output()
        .expect("run racelint");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("racelint.toml:1:") && err.contains("`read-verbs`"),
        "{err}"
    );
}
