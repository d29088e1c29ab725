// FP, mostro HEAD 848ee3b3: src/scheduler.rs:105 (`send_messages` in job_flush_messages_queue).
// Written from scratch. An outbox is an `Arc<RwLock<Vec<(Msg, Key)>>>` in a static. Handlers
// only ever append (`write().await.push(..)`). One flusher task, spawned once at start-up, is
// the only actor that removes. It checks that the queue is non-empty and clones the head under
// read locks, sends it (an await), then removes index 0 under a write lock. No other actor
// removes, or inserts anywhere but at the end, so "non-empty" still holds and index 0 is still
// the message that was sent. racelint-s22a reports the check (rwlock-check-then-write).
use std::sync::{Arc, LazyLock};
use tokio::sync::RwLock;

#[derive(Clone)]
pub struct Msg {
    pub body: String,
}

impl Msg {
    fn encode(&self) -> Result<String, ()> {
        Ok(self.body.clone())
    }
}

#[derive(Clone, Copy)]
pub struct Key(pub u64);

#[derive(Default)]
pub struct Queues {
    pub outbox: Arc<RwLock<Vec<(Msg, Key)>>>,
}

pub static QUEUES: LazyLock<Queues> = LazyLock::new(Queues::default);

// Producers: request handlers append only.
pub async fn enqueue(body: &str, to: Key) {
    QUEUES.outbox.write().await.push((Msg { body: body.to_string() }, to));
}

async fn deliver(_to: Key, _text: &str) -> Result<(), ()> {
    Ok(())
}

// The only consumer, spawned once by the start-up code.
pub async fn start_flusher() {
    let outbox = QUEUES.outbox.clone();

    async fn flush_one(list: Arc<RwLock<Vec<(Msg, Key)>>>, failures: &mut usize) {
        if !list.read().await.is_empty() {
            let (msg, to) = list.read().await[0].clone();
            match msg.encode() {
                Ok(text) => {
                    if deliver(to, &text).await.is_err() {
                        *failures += 1;
                    } else {
                        *failures = 0;
                        list.write().await.remove(0);
                    }
                }
                Err(()) => {}
            }
            if *failures > 3 {
                *failures = 0;
                list.write().await.remove(0);
            }
        }
    }

    tokio::spawn(async move {
        let mut failures = 0;
        loop {
            flush_one(outbox.clone(), &mut failures).await;
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
    });
}
