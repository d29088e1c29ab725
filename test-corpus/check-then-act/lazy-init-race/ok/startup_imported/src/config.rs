use std::sync::OnceLock;

static CONFIG: OnceLock<String> = OnceLock::new();

pub fn load_config(path: &str) {
    if CONFIG.get().is_none() {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let _ = CONFIG.set(text);
    }
}
