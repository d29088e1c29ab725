mod plane;
mod queue;

use std::time::Duration;

#[tokio::main]
async fn main() {
    let queue = queue::PendingQueue::new(1024);
    let (_tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let expiring = queue.clone();
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            expiring.expire();
        }
    });
    let plane = plane::DataPlane {
        name: "plane".into(),
    };
    tokio::spawn(plane.extract_loop(queue, rx));
    tokio::signal::ctrl_c().await.ok();
}
