// `lazy-init-race` on a unit marker whose `set` is unwrapped: the thread that loses the race
// between the check and the `set` panics (`.unwrap()`, `.expect(..)` on the `Err`).
use std::sync::OnceLock;

pub async fn init_tracing() -> Result<(), String> {
    static INITIALIZED: OnceLock<()> = OnceLock::new();
    if INITIALIZED.get().is_some() { //~ lazy-init-race
        return Err("already initialised".into());
    }
    install_subscriber();
    INITIALIZED.set(()).unwrap();
    Ok(())
}

fn install_subscriber() {}

pub struct Banner {
    shown: OnceLock<()>,
}

impl Banner {
    pub fn show(&self) {
        if self.shown.get().is_none() { //~ lazy-init-race
            println!("banner");
            self.shown.set(()).expect("shown twice");
        }
    }
}
