// Probe (written from scratch) for a missed bug in nats-io/nats.rs.
// Fix commit: 06061d83 "Fix a deadlock when draining subscriptions" (parent cbdf54d8).
//
// What goes wrong: the blocking `Subscription` wraps the async subscription in an
// `Arc<async_mutex::Mutex<_>>`. `next()` locks it and keeps the guard across
// `messages.recv().await`, which waits until a message arrives or the subscription is closed.
// `with_handler` runs `next()` in a loop on its own thread, so that thread holds the lock almost
// all the time. `drain()` / `Handler::unsubscribe()` on another thread lock the same mutex to
// send UNSUB and close the channel: they wait for the guard, and the guard is released only
// when a message arrives. On a quiet subject, drain and unsubscribe hang forever.
//
// racelint should report the guard of `self.0` held across the `recv().await` in `next`
// (guard-across-await, or a rule for "async guard held across an unbounded wait that another
// holder of the lock must end"), with `drain` as the second actor. It is silent: guards of
// async mutexes across `.await` are allowed by design. A std Mutex guard across the same await
// is reported (`contrast_std`, reported: guard-across-await). Missing fact: an await that waits
// for an external event (channel recv, stream next, notified) has no bound; when the only way
// to end it (closing the channel, here in `drain`) needs the same async lock, the holder and
// the closer wait for each other.
use std::sync::Arc;

pub struct Message(pub Vec<u8>);

pub struct AsyncSubscription {
    messages: async_channel::Receiver<Message>,
    closer: async_channel::Sender<Message>,
}

impl AsyncSubscription {
    pub async fn next(&mut self) -> Option<Message> {
        self.messages.recv().await.ok()
    }
    pub async fn drain(&mut self) -> std::io::Result<()> {
        self.closer.close();
        Ok(())
    }
}

#[derive(Clone)]
pub struct Subscription(Arc<async_mutex::Mutex<AsyncSubscription>>);

impl Subscription {
    pub fn next(&self) -> Option<Message> {
        futures::executor::block_on(async { self.0.lock().await.next().await })
    }

    pub fn drain(&self) -> std::io::Result<()> {
        futures::executor::block_on(async { self.0.lock().await.drain().await })
    }

    pub fn with_handler<F: Fn(Message) + Send + 'static>(self, handler: F) -> Subscription {
        let sub = self.clone();
        std::thread::spawn(move || {
            while let Some(m) = sub.next() {
                handler(m);
            }
        });
        self
    }
}

pub struct StdSubscription(Arc<std::sync::Mutex<AsyncSubscription>>);

impl StdSubscription {
    // Contrast: reported (guard-across-await).
    pub async fn contrast_std(&self) -> Option<Message> {
        let mut g = self.0.lock().unwrap();
        g.next().await
    }
}

pub fn main_like(sub: Subscription) {
    let s = sub.clone().with_handler(|m| drop(m));
    let _ = s.drain();
}
