//! The `racelint` binary: see [`racelint::cli`].

fn main() -> std::process::ExitCode {
    racelint::cli::main()
}
