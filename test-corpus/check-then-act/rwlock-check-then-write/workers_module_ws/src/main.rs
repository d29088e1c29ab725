mod cache;
mod consume;

use cache::ServerCache;
use consume::consume;
use std::sync::Arc;

#[tokio::main]
async fn main() {
    let cache = Arc::new(ServerCache::new());
    let mut senders = Vec::new();
    for _shard in 0..4 {
        let (tx, rx) = tokio::sync::mpsc::channel(32);
        let worker = cache.clone();
        tokio::spawn(async move { consume(worker, rx).await });
        senders.push(tx);
    }
    for (slot, tx) in (0..10).zip(senders.iter().cycle()) {
        tx.send(slot).await.unwrap();
        println!("{:?}", cache.latest_slot());
    }
}
