// Probe (written from scratch) for a missed bug in slatedb/slatedb.
// Fix commit: eabc5b64 "Fix race condition in compaction executor" (#599, parent 4a1ee69a).
//
// What races: compaction tasks are spawned through a helper that runs a cleanup callback when
// the task ends; the callback locks the executor's `tasks` map to remove its entry. `stop()`
// locks `tasks`, aborts every task and then blocks (`handle.block_on(join_all(..))`) until
// they have all ended, still holding the guard. A task that is finishing runs its callback,
// which blocks on `tasks`: stop() waits for the task, the task waits for stop()'s guard.
// (The same callback also sent "finished" before removing its entry, so the compactor could
// schedule the next job for that destination while the stale entry was still in the map and
// trip `assert!(!tasks.contains_key(&dst))`.)
//
// racelint should report join-holding-lock at the `block_on(join_all(..))` in `stop`. It
// reports a thread joined under a guard of a lock the thread takes (`contrast_join`,
// reported). Missing facts: (1) handles kept in a map (`tasks.insert(dst, handle)`) and joined
// by `join_all(tasks.drain().map(..))` inside `block_on`; (2) code that runs in the task
// although it is written outside the spawned future: the completion callback handed to a
// project spawn helper (`spawn_bg_task(handle, cleanup, future)`).
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::runtime::Handle;
use tokio::task::JoinHandle;

pub fn spawn_bg_task<F, C>(handle: &Handle, cleanup: C, fut: F) -> JoinHandle<()>
where
    F: std::future::Future<Output = Result<(), String>> + Send + 'static,
    C: FnOnce(&Result<(), String>) + Send + 'static,
{
    handle.spawn(async move {
        let result = fut.await;
        cleanup(&result);
    })
}

pub struct Executor {
    handle: Handle,
    tasks: Mutex<HashMap<u32, JoinHandle<()>>>,
    finished_tx: std::sync::mpsc::Sender<u32>,
}

impl Executor {
    pub fn start_compaction(self: &Arc<Self>, dst: u32) {
        let mut tasks = self.tasks.lock();
        assert!(!tasks.contains_key(&dst));
        let this = self.clone();
        let task = spawn_bg_task(
            &self.handle,
            move |_result| {
                this.finished_tx.send(dst).expect("send");
                let mut tasks = this.tasks.lock();
                tasks.remove(&dst);
            },
            async move { Ok(()) },
        );
        tasks.insert(dst, task);
    }

    pub fn stop(&self) {
        let mut tasks = self.tasks.lock();
        for task in tasks.values() {
            task.abort();
        }
        self.handle.block_on(async {
            let _ = futures::future::join_all(tasks.drain().map(|(_, t)| t)).await;
        });
    }
}

// Contrast: reported (join-holding-lock).
pub fn contrast_join(state: Arc<Mutex<u32>>) {
    let worker_state = state.clone();
    let h = std::thread::spawn(move || {
        *worker_state.lock() += 1;
    });
    let _guard = state.lock();
    h.join().unwrap();
}
