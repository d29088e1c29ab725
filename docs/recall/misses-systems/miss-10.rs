// Expected: double-lock (lock-order) at line 32: `get_key_pair` holds the CONFIG write guard
// and calls `config.store()`, which reaches `CONFIG.write()` again through six calls
// (store -> encrypt_str -> encrypt -> crypt -> get_uuid -> get_key_pair). racelint follows a
// lock through at most 4 nested calls (a 4-deep chain is reported; one more level is not), so
// long helper chains, typical of config/crypto layers, are cut off.
// (From rustdesk da2906c95 "CONFIG deadlock": password encryption keyed by a uuid derived from
// the key pair stored in the same CONFIG.)
use std::sync::RwLock;

pub struct Config { password: String, key_pair: Vec<u8> }
pub static CONFIG: RwLock<Config> = RwLock::new(Config { password: String::new(), key_pair: Vec::new() });

mod security {
    pub fn encrypt_str(s: &str) -> String { encrypt(s.as_bytes()) }
    pub fn encrypt(v: &[u8]) -> String { crypt(v) }
    fn crypt(v: &[u8]) -> String {
        let key = crate::get_uuid();
        v.iter().zip(key.iter().cycle()).map(|(a, b)| (a ^ b) as char).collect()
    }
}

pub fn get_uuid() -> Vec<u8> { Config::get_key_pair() }

impl Config {
    fn store(&self) {
        let _enc = security::encrypt_str(&self.password);
    }
    pub fn get_key_pair() -> Vec<u8> {
        let mut config = CONFIG.write().unwrap();
        if config.key_pair.is_empty() {
            config.key_pair = vec![1, 2, 3];
            config.store();
        }
        config.key_pair.clone()
    }
}
