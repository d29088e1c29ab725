//! `cargo racelint …`: cargo runs this binary with `racelint` as its first argument, which
//! [`racelint::cli`] skips; everything else is the `racelint` command line.

fn main() -> std::process::ExitCode {
    racelint::cli::main()
}
