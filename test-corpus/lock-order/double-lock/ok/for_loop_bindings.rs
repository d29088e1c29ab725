// Locks reached through `for` loop bindings, taken one after the other: each temporary guard
// is dropped at the end of its statement, and a named guard is dropped before the next lock.
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Default)]
pub struct Stats {
    pub hits: usize,
    pub direct: usize,
}

#[derive(Clone)]
pub struct CachedAst {
    pub stats: Arc<Mutex<Stats>>,
}

pub fn destructured(entries: Vec<(String, CachedAst)>) -> usize {
    let mut total = 0;
    for (_query, ast) in entries {
        let hits = ast.stats.lock().hits;
        let direct = ast.stats.lock().direct;
        total += hits + direct;
    }
    total
}

// two different elements' locks: the element of one tuple and a field of the other
pub fn pairs(entries: Vec<(CachedAst, CachedAst)>) -> usize {
    let mut total = 0;
    for (a, b) in &entries {
        total += a.stats.lock().hits + b.stats.lock().hits;
    }
    total
}

pub fn map_items(cache: &HashMap<String, CachedAst>) -> usize {
    let mut total = 0;
    for (_query, ast) in cache.iter() {
        let stats = ast.stats.lock();
        let hits = stats.hits;
        drop(stats);
        total += hits + ast.stats.lock().direct;
    }
    total
}
