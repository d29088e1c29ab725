// MISS probe (cache fill overwrites a concurrent invalidation): rustc-perf site
// request_handlers/graph.rs:216-224 fills `landing_page` (an ArcSwap) after a miss from the
// index it loaded; job_queue/mod.rs:518-521 stores a new index and then invalidates the page
// (store None). A fill computed from the old index that lands after the invalidation keeps the
// landing page stale until the next completed benchmark. Cache-aside fills are silent by design;
// the invalidator that makes this one harmful is not considered.
use arc_swap::ArcSwap;
use std::sync::Arc;

pub struct Ctxt {
    pub index: ArcSwap<Vec<u64>>,
    pub landing_page: ArcSwap<Option<Arc<String>>>,
}

async fn create_graphs(ctxt: &Ctxt) -> String {
    format!("{} commits", ctxt.index.load().len())
}

pub async fn handle_graphs(ctxt: &Ctxt) -> Arc<String> {
    if let Some(resp) = &**ctxt.landing_page.load() {
        return resp.clone();
    }
    let resp = Arc::new(create_graphs(ctxt).await);
    ctxt.landing_page.store(Arc::new(Some(resp.clone())));
    resp
}

pub async fn handle_completed_requests(ctxt: &Ctxt, new_index: Vec<u64>) {
    ctxt.index.store(Arc::new(new_index));
    ctxt.landing_page.store(Arc::new(None));
}
