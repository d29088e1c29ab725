// Near miss of `lazy-init-race`: a unit marker set after the emptiness check, with the
// `set`'s `Result` thrown away in the statement itself (`.unwrap_or(())`, `.ok()`,
// `.unwrap_or_default()`), like `let _ = FLAG.set(())`: the loser's `set` fails quietly, no
// value is lost and nobody uses one that was not stored.
use std::sync::OnceLock;

pub async fn init_tracing() -> Result<(), String> {
    static INITIALIZED: OnceLock<()> = OnceLock::new();
    if INITIALIZED.get().is_some() {
        return Err("already initialised".into());
    }
    install_subscriber();
    INITIALIZED.set(()).unwrap_or(());
    Ok(())
}

fn install_subscriber() {}

static WARNED: OnceLock<bool> = OnceLock::new();

pub fn warn_once(msg: &str) {
    if WARNED.get().is_none() {
        eprintln!("{msg}");
        WARNED.set(true).unwrap_or_default();
    }
}

pub struct Banner {
    shown: OnceLock<()>,
}

impl Banner {
    pub fn show(&self) {
        if self.shown.get().is_none() {
            println!("banner");
            self.shown.set(()).ok();
        }
    }
}
