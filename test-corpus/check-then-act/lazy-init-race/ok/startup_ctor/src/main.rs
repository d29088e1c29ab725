// Start-up code reached through names that many functions share (`new`, `init`, `run`,
// `open`): a qualified call `Type::f(..)`, `Self::f(..)` or `module::f(..)` names one of them,
// and each of these runs only from `main` (directly or through other once-run code), so no
// second run of itself can interleave with its check and its set.
mod app;
mod store;

use std::sync::OnceLock;

static SETTINGS: OnceLock<String> = OnceLock::new();

fn main() {
    let server = app::Server::new("db://local");
    app::run(server);
}

struct Settings;

impl Settings {
    // a second `init`, of another type: the bare name is ambiguous
    fn init(path: &str) {
        if SETTINGS.get().is_none() {
            let _ = SETTINGS.set(path.to_string());
        }
    }
}

pub(crate) fn load_settings() {
    Settings::init("/etc/app.toml");
}
