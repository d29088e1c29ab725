// Probe (written from scratch) for a missed bug in pgdogdev/pgdog.
// Fix commit: 8f31e466 "Fix deadlock in show query_cache" (#310, parent 685e7a8c).
//
// What races: the admin command SHOW QUERY_CACHE builds one row per cached query with
// `row.add(entry.1.stats.lock().hits).add(entry.1.stats.lock().direct)`. Both temporary
// guards of the parking_lot Mutex live to the end of the statement, so the second `lock()`
// waits for the first forever: the admin connection's task hangs on its first row and keeps
// its worker thread blocked; every query that updates those stats then blocks too.
//
// racelint should report double-lock at the `row.add(..)` lines of `show_query_cache` and
// `show_destructured`. It does report the same statement when the lock is reached through a
// typed parameter (`contrast_param`, reported). Missing fact: the type of a `for` loop
// binding, i.e. the element type of the iterated collection (`Vec<(String, CachedAst)>`, a
// HashMap's `(K, V)` items, a `Vec<_>` collected from a typed map), and of tuple fields /
// destructured tuple patterns of it. Without it the receiver of `.lock()` is of unknown type.
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Default, Clone)]
pub struct Stats { pub hits: usize, pub direct: usize, pub multi: usize }

#[derive(Clone)]
pub struct CachedAst { pub stats: Arc<Mutex<Stats>> }

pub struct DataRow(Vec<String>);
impl DataRow {
    pub fn new() -> Self { DataRow(Vec::new()) }
    pub fn add<T: ToString>(&mut self, v: T) -> &mut Self { self.0.push(v.to_string()); self }
}

pub struct Cache { queries: Mutex<HashMap<String, CachedAst>> }
impl Cache {
    pub fn queries(&self) -> HashMap<String, CachedAst> { self.queries.lock().clone() }
}

pub fn show_query_cache(cache: &Cache) -> Vec<DataRow> {
    let queries: Vec<_> = cache.queries().into_iter().collect();
    let mut rows = Vec::new();
    for entry in queries {
        let mut row = DataRow::new();
        row.add(&entry.0)
            .add(entry.1.stats.lock().hits)
            .add(entry.1.stats.lock().direct);
        rows.push(row);
    }
    rows
}

pub fn show_destructured(entries: Vec<(String, CachedAst)>) -> Vec<DataRow> {
    let mut rows = Vec::new();
    for (query, ast) in entries {
        let mut row = DataRow::new();
        row.add(query).add(ast.stats.lock().hits).add(ast.stats.lock().multi);
        rows.push(row);
    }
    rows
}

// Contrast: reported (double-lock).
pub fn contrast_param(ast: &CachedAst, row: &mut DataRow) {
    row.add(ast.stats.lock().hits).add(ast.stats.lock().direct);
}
