use std::sync::{Arc, RwLock};

fn read_len(data: &Arc<RwLock<Vec<u32>>>) -> usize {
    data.read().unwrap().len()
}

pub fn run() {
    let data: Arc<RwLock<Vec<u32>>> = Arc::new(RwLock::new(Vec::new()));
    let mut g = data.write().unwrap();
    g.push(1);
    let n = read_len(&data);
    g.push(n as u32);
}
