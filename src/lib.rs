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
pub mod model;
pub mod outfile;
pub mod render;
pub mod rules;
pub mod scan;
pub mod server;
pub mod source;
pub mod suppress;
pub mod walk;
