// DashMap references dropped before the map is changed again.

use dashmap::DashMap;

pub fn copy_then_remove(map: &DashMap<u64, Vec<String>>, id: u64) {
    let empty = map.get(&id).map(|l| l.is_empty());
    if empty == Some(true) {
        map.remove(&id);
    }
}

pub fn dropped_first(map: &DashMap<u64, u32>, seen: &DashMap<u64, bool>, id: u64) {
    let r = map.get(&id);
    let known = r.is_some();
    drop(r);
    map.insert(id + 1, 0);
    seen.insert(id, known);
}

pub fn one_entry(map: &DashMap<String, u32>, key: &str) {
    *map.entry(key.to_string()).or_insert(0) += 1;
}

pub fn collected(map: &DashMap<u64, Vec<String>>) {
    let empty: Vec<u64> = map
        .iter()
        .filter(|e| e.value().is_empty())
        .map(|e| *e.key())
        .collect();
    for id in empty {
        map.remove(&id);
    }
}

pub fn retain_empty(map: &DashMap<u64, Vec<String>>) {
    map.retain(|_, v| !v.is_empty());
    let n = map.len();
    map.insert(0, vec![n.to_string()]);
}
