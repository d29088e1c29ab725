use crate::queue::PendingQueue;
use tokio::sync::mpsc::UnboundedReceiver;

pub struct DataPlane {
    pub name: String,
}

impl DataPlane {
    pub async fn extract_loop(self, queue: PendingQueue, mut rx: UnboundedReceiver<u64>) {
        while let Some(packet) = rx.recv().await {
            if queue.enqueue(packet).is_err() {
                eprintln!("{}: queue full", self.name);
            }
        }
    }
}
