// Memos: the hit hands out the stored value, the miss computes one from the owner's own data
// (nothing else shared is read in between) and stores it. Two racers both compute it and
// store equal values: work is duplicated, nothing is lost.

use std::sync::{Arc, Mutex};

pub struct Fingerprint {
    parts: Vec<u64>,
    memo: Mutex<Option<u64>>,
}

impl Fingerprint {
    pub fn hash(&self) -> u64 {
        if let Some(h) = *self.memo.lock().unwrap() {
            return h;
        }
        let h = self.parts.iter().fold(7, |a, p| a ^ p);
        *self.memo.lock().unwrap() = Some(h);
        h
    }

    // through a helper and `replace`
    pub fn hash_again(&self) -> u64 {
        if let Some(h) = *self.memo.lock().unwrap() {
            return h;
        }
        let h = digest(&self.parts);
        self.memo.lock().unwrap().replace(h);
        h
    }
}

fn digest(parts: &[u64]) -> u64 {
    parts.iter().sum()
}

// a free function over a shared slot, the hit cloned out
pub fn label(slot: &Arc<parking_lot::Mutex<Option<String>>>, id: u32) -> String {
    if let Some(s) = slot.lock().as_ref() {
        return s.clone();
    }
    let s = format!("item-{}", id);
    *slot.lock() = Some(s.clone());
    s
}

// in an async fn, the value computed across an `.await`
pub async fn size(slot: Arc<tokio::sync::Mutex<Option<u64>>>, path: String) -> u64 {
    if let Some(n) = *slot.lock().await {
        return n;
    }
    let n = measure(&path).await;
    *slot.lock().await = Some(n);
    n
}

async fn measure(p: &str) -> u64 {
    p.len() as u64
}
