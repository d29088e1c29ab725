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

// `if let Some(r) = map.get(k)` moves the reference out of the scrutinee into `r`:
// `drop(r)` releases the shard before the map is changed.
pub struct Sessions {
    by_client: DashMap<String, Vec<u64>>,
    blocked: DashMap<u64, u64>,
}

impl Sessions {
    pub fn remove_seq(&self, client: &str, seq: u64) {
        if let Some(mut seqs) = self.by_client.get_mut(client) {
            seqs.retain(|s| *s != seq);
            if seqs.is_empty() {
                drop(seqs);
                self.by_client.remove(client);
            }
        }
    }

    pub fn allow(&self, id: u64, now: u64) -> bool {
        if let Some(until) = self.blocked.get(&id) {
            if now < *until {
                return false;
            }
            drop(until);
            self.blocked.remove(&id);
        }
        true
    }
}

pub fn expire(map: &DashMap<u64, u64>, id: u64, now: u64) {
    if let Some(t) = map.get(&id) {
        let stale = *t < now;
        std::mem::drop(t);
        if stale {
            map.remove(&id);
        }
    }
}
