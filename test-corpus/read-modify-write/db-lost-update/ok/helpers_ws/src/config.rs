// helpers named like data access that touch no database
pub fn get_config(path: &str) -> std::io::Result<Config> {
    let text = std::fs::read_to_string(path)?;
    Ok(Config { retries: text.len() as u32 })
}

pub fn save_config(path: &str, c: &Config) -> std::io::Result<()> {
    std::fs::write(path, c.retries.to_string())
}

pub struct Config {
    pub retries: u32,
}
