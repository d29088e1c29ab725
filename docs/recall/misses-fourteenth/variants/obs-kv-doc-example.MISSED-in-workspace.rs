pub struct Kv {
    tree: sled::Tree,
}

fn decode(b: sled::IVec) -> u64 {
    u64::from_be_bytes(b.as_ref().try_into().unwrap())
}

fn encode(n: u64) -> [u8; 8] {
    n.to_be_bytes()
}

impl Kv {
    pub fn get(&self, key: &[u8]) -> Option<sled::IVec> {
        self.tree.get(key).unwrap()
    }

    pub fn insert(&self, key: &[u8], value: &[u8]) {
        self.tree.insert(key, value).unwrap();
    }

    pub fn increment(&self, key: &[u8]) -> u64 {
        let n = self.get(key).map_or(0, decode);
        self.insert(key, &encode(n + 1));
        n + 1
    }
}
