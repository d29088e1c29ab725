use crate::config::load_config;

pub fn start() {
    load_config("app.toml");
}
