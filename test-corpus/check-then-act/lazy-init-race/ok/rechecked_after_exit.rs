// Double-checked initialisation where the re-check under the write guard leaves when the
// value is already there (`if let Some(v) = slot.as_ref() { return .. }`): the fill below it
// runs only where the slot is still empty, under the guard that writes it.
use std::sync::{Arc, RwLock};

static PROVIDER: RwLock<Option<Arc<String>>> = RwLock::new(None);

pub fn provider() -> Result<Arc<String>, ()> {
    if let Some(p) = PROVIDER.read().map_err(|_| ())?.as_ref().cloned() {
        return Ok(p);
    }
    let fresh = Arc::new(String::from("local"));
    let mut slot = PROVIDER.write().map_err(|_| ())?;
    if let Some(existing) = slot.as_ref() {
        return Ok(existing.clone());
    }
    *slot = Some(fresh.clone());
    Ok(fresh)
}

pub struct Registry {
    name: RwLock<Option<String>>,
}

impl Registry {
    pub fn name(&self) -> String {
        if let Some(n) = self.name.read().unwrap().clone() {
            return n;
        }
        let mut w = self.name.write().unwrap();
        if w.is_some() {
            return w.clone().unwrap_or_default();
        }
        *w = Some("default".into());
        "default".into()
    }
}
