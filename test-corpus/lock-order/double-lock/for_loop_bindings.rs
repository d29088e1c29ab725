// A lock reached through a `for` loop's binding: the binding's type is the element type of
// the iterated collection (a `Vec`'s element, a map's `(K, V)` items destructured or as a
// tuple, `.values()`), so a second `lock()` of the same element's mutex in one statement, or
// while a named guard of it is held, is a self-deadlock.
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

pub struct Row(Vec<String>);

impl Row {
    pub fn add<T: ToString>(&mut self, v: T) -> &mut Self {
        self.0.push(v.to_string());
        self
    }
}

// a destructured tuple of a `Vec<(String, CachedAst)>`
pub fn destructured(entries: Vec<(String, CachedAst)>) -> Vec<Row> {
    let mut rows = Vec::new();
    for (query, ast) in entries {
        let mut row = Row(Vec::new());
        row.add(query).add(ast.stats.lock().hits).add(ast.stats.lock().direct); //~ double-lock
        rows.push(row);
    }
    rows
}

// the tuple itself, its field `.1`
pub fn tuple_field(entries: &Vec<(String, CachedAst)>) -> usize {
    let mut total = 0;
    for entry in entries {
        total += entry.1.stats.lock().hits + entry.1.stats.lock().direct; //~ double-lock
    }
    total
}

// a map's items, destructured from `iter()`
pub fn map_items(cache: &HashMap<String, CachedAst>) -> usize {
    let mut total = 0;
    for (_query, ast) in cache.iter() {
        let stats = ast.stats.lock();
        total += stats.hits + ast.stats.lock().direct; //~ double-lock
    }
    total
}

pub struct Cache {
    queries: HashMap<String, CachedAst>,
}

impl Cache {
    // a map's values, through `&self`
    pub fn reset(&self) {
        for ast in self.queries.values() {
            let mut stats = ast.stats.lock();
            stats.hits = ast.stats.lock().direct; //~ double-lock
        }
    }
}
