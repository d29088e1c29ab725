use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
pub struct Consumer { active_tasks: AtomicUsize }
impl Consumer {
    async fn wait_for_task_slot(&self, max_tasks: usize) {
        while max_tasks <= self.active_tasks.load(Ordering::Acquire) {
            tokio::time::sleep(Duration::from_millis(3)).await;
        }
        self.active_tasks.fetch_add(1, Ordering::AcqRel);
    }
}
