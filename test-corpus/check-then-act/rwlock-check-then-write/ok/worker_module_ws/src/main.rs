mod cache;
mod consume;

use cache::ServerCache;
use consume::consume;
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let cache = Arc::new(ServerCache::new());
    let (tx, rx) = tokio::sync::mpsc::channel(32);
    let worker = cache.clone();
    tokio::spawn(async move { consume(worker, rx).await });
    for slot in 0..10 {
        tx.send(slot).await.unwrap();
        println!("{:?}", cache.latest_slot());
    }
}
