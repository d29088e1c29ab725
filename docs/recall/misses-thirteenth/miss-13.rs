// vector b57605bd0c shape: wait until a counter is below a bound (conjunction in the loop condition), then increment it separately.
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub struct Consumer;

impl Consumer {
    /// Waits for a free task slot, then takes it.
    async fn wait_for_task_slot(max_tasks: usize, active_tasks: &Arc<AtomicUsize>) {
        while max_tasks > 0 && max_tasks <= active_tasks.load(Ordering::Acquire) {
            tokio::time::sleep(Duration::from_millis(3)).await;
        }
        active_tasks.fetch_add(1, Ordering::AcqRel);
    }

    pub async fn spawn_handler(&self, max_tasks: usize, active_tasks: Arc<AtomicUsize>) {
        Self::wait_for_task_slot(max_tasks, &active_tasks).await;
        let active = active_tasks.clone();
        tokio::spawn(async move {
            // handle the message ...
            active.fetch_sub(1, Ordering::AcqRel);
        });
    }
}
