//! `cargo racelint …`: cargo runs this binary with `racelint` as its first argument, which
//! [`racelint::cli`] skips; everything else is the `racelint` command line.

/// mimalloc (syn's parse and the model allocate a small node per token; glibc's allocator
/// spent a quarter of the run in malloc/free), with the workspace facts in a heap of their own.
#[global_allocator]
static GLOBAL: racelint::alloc::Allocator = racelint::alloc::Allocator;

fn main() -> std::process::ExitCode {
    racelint::cli::main()
}
