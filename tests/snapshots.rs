//! Snapshots of the human output (`--color never`), from the binary and from a synthetic
//! report with labels in two files, notes and a rewrite.

mod common;

use common::{racelint, stdout, tree};

#[test]
fn human_output_of_the_binary() {
    let d = tree(&[
        (
            "src/lib.rs",
            "pub fn a() -> u32 {\n    // racelint: allow(double-lock) nothing to allow\n    1\n}\n\npub fn b() -> u32 {\n    2 // racelint: allow(lock-order, no-such-rule)\n}\n",
        ),
        ("src/broken.rs", "fn broken(x: u32 {\n    x\n}\n"),
        ("src/ok.rs", "pub fn ok() {}\n"),
    ]);
    let a = racelint(d.path())
        .args(["check", "--color", "never"])
        .assert()
        .code(1);
    insta::assert_snapshot!(stdout(&a));
}

#[test]
fn human_output_of_a_rich_finding() {
    let r = common::synthetic();
    let out = racelint::render::render(
        racelint::render::Format::Human,
        &r,
        &racelint::render::RenderOptions::default(),
    );
    insta::assert_snapshot!(out);
}
