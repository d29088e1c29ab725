use std::sync::OnceLock;

static CLIENT: OnceLock<String> = OnceLock::new();

pub(crate) struct Db {
    rows: Vec<u8>,
}

impl Db {
    pub(crate) fn init(url: &str) -> Db {
        if CLIENT.get().is_some() {
            panic!("init twice");
        }
        if CLIENT.get().is_none() {
            let _ = CLIENT.set(url.to_string());
        }
        Db { rows: Vec::new() }
    }

    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }
}

pub(crate) struct Cache;

impl Cache {
    // other types' `new` and `init`: the bare names have several definitions
    pub(crate) fn new() -> Cache {
        Cache
    }
    pub(crate) fn init() -> Cache {
        Cache::new()
    }
}
