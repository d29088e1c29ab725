// FP reduction (written from scratch) of komodo's bin/core/src/sync/deploy.rs findings
// (map-check-then-insert, 5 findings at deploy.rs:294, :399, :482).
//
// A plain HashMap is created as a local, then passed by `&mut` into recursive async builders
// (boxed futures so they can recurse). The builders check `contains_key` and insert later,
// with awaits in between. Nothing else can reach the map: `&mut` is exclusive and the awaits
// only suspend this one task. racelint reports "another thread can insert in between".
//
// What racelint would need: a map reached only through a `&mut` parameter (or a local owned
// by the function) has one actor; awaits do not add one. The report should need a shared
// owner (Arc, static, &self field of a shared value).
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

type Cache = HashMap<String, Option<String>>;
type Res<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

async fn status(name: &str) -> bool {
    !name.is_empty()
}

fn build<'a>(name: &'a str, deps: &'a [String], cache: &'a mut Cache) -> Res<'a> {
    Box::pin(async move {
        if cache.contains_key(name) {
            return;
        }
        if status(name).await {
            cache.insert(name.to_string(), Some("redeploy".into()));
        } else {
            cache.insert(name.to_string(), None);
        }
        for dep in deps {
            build(dep, &[], cache).await;
        }
    })
}

pub async fn plan(names: Vec<String>) -> Cache {
    let mut cache = Cache::new();
    for n in &names {
        build(n, &names, &mut cache).await;
    }
    cache
}
