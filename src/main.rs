//! The `racelint` binary: see [`racelint::cli`].

/// mimalloc: syn's parse and the model allocate a small node per token; glibc's allocator
/// spent a quarter of the run in malloc/free and scaled worse across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    racelint::cli::main()
}
