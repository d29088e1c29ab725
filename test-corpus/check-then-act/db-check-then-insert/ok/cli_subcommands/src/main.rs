// A command-line program whose subcommands run once: `main` parses the arguments and runs one
// subcommand's `command` function. `setup` creates the built-in role on a fresh install; no
// second run of it exists in the process. Other files name a local `command` (a received
// session command) in functions that run concurrently: a local is no call of the subcommand,
// also where the file imports with a glob (a test module's `use super::*;`, `use tracing::*;`).
mod commands;
mod session;
mod relay;

enum Commands {
    Run,
    Setup,
    RecoverAccess { username: Option<String> },
}

pub struct Cli {
    command: Commands,
}

async fn _main() -> Result<(), DbErr> {
    let cli = Cli { command: Commands::Run };
    match &cli.command {
        Commands::Run => crate::commands::run::command().await,
        Commands::Setup => crate::commands::setup::command(&cli).await,
        Commands::RecoverAccess { username } => {
            crate::commands::recover_access::command(username.as_ref()).await
        }
    }
}

#[tokio::main]
async fn main() {
    if let Err(e) = _main().await {
        eprintln!("{e}");
    }
}
