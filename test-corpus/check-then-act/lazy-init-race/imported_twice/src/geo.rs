use std::sync::OnceLock;
use tokio::sync::OnceCell;

static GEO_DB: OnceCell<Vec<u8>> = OnceCell::const_new();
static NAMES: OnceLock<Vec<String>> = OnceLock::new();

pub async fn load_db(path: &str) {
    if GEO_DB.get().is_none() { //~ lazy-init-race
        let bytes = tokio::fs::read(path).await.unwrap_or_default();
        let _ = GEO_DB.set(bytes);
    }
}

pub fn load_names(path: &str) {
    if NAMES.get().is_none() { //~ lazy-init-race
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let _ = NAMES.set(text.lines().map(String::from).collect());
    }
}
