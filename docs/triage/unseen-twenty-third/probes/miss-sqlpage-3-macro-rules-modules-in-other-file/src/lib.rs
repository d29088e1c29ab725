// Miss (coverage), SQLPage HEAD 6fb9a353: the 38 files under
// src/webserver/database/sqlpage_functions/functions/ are declared by `sqlpage_functions!`,
// a `macro_rules!` defined in function_traits.rs whose transcriber expands each name to
// `mod $func;` plus a dispatch enum, and called in functions.rs. Written from scratch.
// racelint-s24a followed only macros whose name contains `mod`, so `functions/fetch.rs` was
// "not in any crate" and its double-lock silent without --all-files. Found since r24
// (double-lock in functions/fetch.rs).
// This probe is a directory because the missing fact is the module tree.
#[macro_use]
mod function_traits;
mod functions;
