// Probe (written from scratch) for a missed bug in apollographql/router.
// Fix commit: f6c2026a "Fix race condition when adding debug data to connector context (#5767)"
// (parent 0ff326a0).
//
// What goes wrong: with connector debugging enabled, each request's context holds one
// debug record in its extensions (a type map behind a mutex, reached through
// `extensions().with_lock(|lock| ..)`). Every connector fetch of the request took the record
// out (`lock.remove::<ConnectorContext>()`), added its request and response while awaiting the
// HTTP call, and put it back (`lock.insert(debug)`). The fetches of one request run
// concurrently (`join_all` over the plan's parallel fetches): a fetch that starts while another
// holds the record finds nothing and records nothing, and the last fetch to put its copy back
// overwrites the others' additions. The response's debug data misses fetches. The fix stores an
// `Arc<Mutex<ConnectorContext>>` that every fetch shares.
//
// What is missing, two facts: (1) the lock is taken inside a closure passed to a method of the
// context (`with_lock(|lock| lock.remove::<T>())`); racelint does not treat the closure's
// argument as a guard of the context's map; (2) a take-out (`remove`) followed, after an await,
// by a put-back (`insert` of the same value) is not a read-then-insert to the rule: even with
// the guard taken directly, `remove` .. `.await` .. `insert` is silent. The copy form with a
// direct guard (`get(..).cloned()` .. `.await` .. `insert`, `contrast_direct_guard`) is
// reported (map-read-then-insert).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Default, Clone)]
pub struct DebugRecord {
    pub entries: Vec<String>,
}

#[derive(Default)]
pub struct Extensions {
    debug: Option<DebugRecord>,
}

impl Extensions {
    pub fn remove_debug(&mut self) -> Option<DebugRecord> {
        self.debug.take()
    }
    pub fn insert_debug(&mut self, d: DebugRecord) {
        self.debug = Some(d);
    }
}

#[derive(Clone, Default)]
pub struct Context {
    extensions: Arc<Mutex<Extensions>>,
    table: Arc<Mutex<HashMap<String, DebugRecord>>>,
}

impl Context {
    pub fn with_lock<R>(&self, f: impl FnOnce(&mut Extensions) -> R) -> R {
        let mut guard = self.extensions.lock().unwrap();
        f(&mut guard)
    }
}

async fn fetch(url: &str) -> String {
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    url.to_string()
}

pub async fn execute_connector(ctx: Context, url: String) -> String {
    let mut debug = ctx.with_lock(|lock| lock.remove_debug());
    let response = fetch(&url).await;
    if let Some(d) = debug.as_mut() {
        d.entries.push(response.clone());
    }
    if let Some(d) = debug {
        ctx.with_lock(|lock| lock.insert_debug(d));
    }
    response
}

pub async fn execute_plan(ctx: Context, urls: Vec<String>) -> Vec<String> {
    futures::future::join_all(urls.into_iter().map(|u| execute_connector(ctx.clone(), u))).await
}

// Contrast: reported (map-read-then-insert).
pub async fn contrast_direct_guard(ctx: Context, url: String) -> String {
    let debug = ctx.table.lock().unwrap().get("debug").cloned();
    let response = fetch(&url).await;
    if let Some(mut d) = debug {
        d.entries.push(response.clone());
        ctx.table.lock().unwrap().insert("debug".to_string(), d);
    }
    response
}

pub async fn contrast_plan(ctx: Context, urls: Vec<String>) -> Vec<String> {
    futures::future::join_all(urls.into_iter().map(|u| contrast_direct_guard(ctx.clone(), u))).await
}
