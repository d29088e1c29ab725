// Not a lazy initialisation: the check refuses the call when the value is already there
// ("already initialised": an error, a `bail!`, a panic). The initialiser declares a second
// call the caller's mistake; whether two can run at once is up to its callers, not a race
// of a value that any caller fills on first use. Also: a value taken under a second guard and
// dropped (`let _ = g.take();`): a racer that took it first leaves `None`, nothing is lost.

use anyhow::bail;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

pub struct Client;

impl Client {
    pub fn connect() -> anyhow::Result<Client> {
        Ok(Client)
    }
}

static CLIENT: Mutex<Option<Client>> = Mutex::new(None);
static PROXY: Mutex<Option<Client>> = Mutex::new(None);
static TRACING: OnceLock<()> = OnceLock::new();

// `bail!` when the client exists, the fill in the `else`.
pub fn init_client() -> anyhow::Result<()> {
    if CLIENT.lock().unwrap().as_ref().is_some() {
        bail!("client already exists");
    } else {
        let c = Client::connect()?;
        *CLIENT.lock().unwrap() = Some(c);
    }
    Ok(())
}

// The `is_none()` form: the refusal in the `else`.
pub fn init_proxy() -> Result<(), String> {
    if PROXY.lock().unwrap().is_none() {
        let c = Client::connect().map_err(|e| e.to_string())?;
        PROXY.lock().unwrap().replace(c);
        Ok(())
    } else {
        Err("proxy already running".to_string())
    }
}

// A once-cell: `return Err(..)` before the set, whose failure is an error too.
pub async fn init_tracing() -> Result<(), String> {
    if TRACING.get().is_some() {
        return Err("tracing already initialised".into());
    }
    install_subscriber().await;
    TRACING.set(()).map_err(|_| "raced".to_string())?;
    Ok(())
}

async fn install_subscriber() {}

pub struct Registry {
    current: RwLock<Option<Arc<Client>>>,
    checkpoint: Mutex<Option<String>>,
}

impl Registry {
    // A method, `unreachable!` in the refusal.
    pub fn install(&self, c: Arc<Client>) {
        if self.current.read().unwrap().is_some() {
            unreachable!("installed twice");
        }
        *self.current.write().unwrap() = Some(c);
    }

    // The taken value is dropped: the slot is cleared either way.
    pub fn reset(&self, mode: &str) {
        if self.checkpoint.lock().unwrap().is_some() {
            let _ = self.checkpoint.lock().unwrap().take();
        }
        *self.checkpoint.lock().unwrap() = Some(mode.to_string());
    }

    // The same as a statement.
    pub fn clear(&self) {
        if self.checkpoint.lock().unwrap().is_some() {
            self.checkpoint.lock().unwrap().take();
        }
    }
}

pub fn spawn_all(r: Arc<Registry>) {
    let r2 = r.clone();
    std::thread::spawn(move || {
        r2.reset("full");
        r2.clear();
        let _ = init_client();
        let _ = init_proxy();
    });
    r.install(Arc::new(Client));
}
