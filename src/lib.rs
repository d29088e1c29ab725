//! racelint: a static analyzer for race-prone patterns in Rust source.
//!
//! Pipeline: [`engine`] discovers and reads files and runs [`analysis::analyze_file`] on each
//! in parallel (one parse, one model pass, the per-file rules); [`analysis::finish`] merges the
//! per-file facts into workspace facts and runs the workspace rules; the diagnostics are then
//! filtered (config, suppressions), sorted and handed to one of the [`render`]ers.

pub mod alloc;
pub mod analysis;
pub mod baseline;
pub mod cache;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod fix;
pub mod model;
pub mod outfile;
pub mod progress;
pub mod render;
pub mod rules;
pub mod scan;
pub mod server;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod walk;

/// The project's home page: SARIF's `informationUri`, the README's install and pre-commit
/// snippets. Set once, as `repository` in `Cargo.toml` (`tests/readme.rs` checks the README
/// against it).
pub const PROJECT_URL: &str = env!("CARGO_PKG_REPOSITORY");
