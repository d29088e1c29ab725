// FP, nym HEAD daed9cd1: nym-node-status-api/.../node_scraper/description.rs:64 and
// scraper.rs:66 (atomic-check-then-act). Written from scratch.
//
// A scraper caps its concurrent scrape tasks with a static counter: one dispatcher loop loads
// the counter, and if it is below the cap it takes the next node, increments the counter and
// spawns a task that decrements it when done; otherwise it sleeps. racelint reports the load
// and the increment as a check-then-act that two threads can both pass. Only the dispatcher
// (one task, started once) ever increments; the spawned tasks only decrement, which can make the
// tested value stale downwards only, so the cap is never exceeded.
// What racelint would need: when every increment of the counter is made by one actor (the
// loop that tests it) and the other actors only decrement, a test for "below the cap" cannot be
// invalidated upwards between the check and the act.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const MAX_TASKS: usize = 5;
static RUNNING: AtomicUsize = AtomicUsize::new(0);

async fn scrape(node: u32) {
    tokio::time::sleep(Duration::from_millis(u64::from(node))).await;
}

pub async fn dispatch(queue: Arc<Mutex<Vec<u32>>>) {
    loop {
        let running = RUNNING.load(Ordering::Relaxed);
        if running < MAX_TASKS {
            let Some(node) = queue.lock().unwrap().pop() else { break };
            RUNNING.fetch_add(1, Ordering::Relaxed);
            tokio::spawn(async move {
                scrape(node).await;
                RUNNING.fetch_sub(1, Ordering::Relaxed);
            });
        } else {
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }
}

pub async fn start(queue: Arc<Mutex<Vec<u32>>>) {
    loop {
        dispatch(queue.clone()).await;
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}
