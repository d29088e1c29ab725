// Probe (written from scratch) for a missed bug in romanz/electrs.
// Fix commit: 4764dccb "Drop receiver in handle_replies" (parent 3f750cf8).
//
// What goes wrong: each client connection has a bounded channel (capacity 10) kept, both ends,
// in the connection struct. A reader thread reads request lines from the socket and `send`s
// them into the channel; the connection thread receives and answers them. When the connection
// thread stops receiving (the server sent `Done` at shutdown, or an error), it shuts the socket
// down and joins the reader thread. If the reader is blocked in `send` on a full channel, it
// never wakes: the receiver is still alive (the connection struct owns it) but nobody drains
// it, so `send` neither succeeds nor fails with "disconnected". The join never returns; the
// server's shutdown waits for that connection thread and hangs (issue #283). The fix passes the
// receiver by value to the receiving loop, so it is dropped when the loop ends and the reader's
// `send` fails.
//
// What is missing: "join (or await) a thread that may block sending into a bounded channel
// whose receiver the joiner keeps alive but no longer drains" is the join-holding-lock cycle
// with a channel in place of the lock. racelint reports the lock form (`contrast_lock`,
// reported: join-holding-lock); channel-wait-cycle needs two receive loops.
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread;

pub enum Message { Request(String), Done }

pub struct Connection { tx: SyncSender<Message>, rx: Receiver<Message> }

impl Connection {
    pub fn new() -> Connection {
        let (tx, rx) = sync_channel(10);
        Connection { tx, rx }
    }

    fn read_requests(tx: SyncSender<Message>) {
        loop {
            let line = String::from("{\"method\":\"server.ping\"}"); // read from the socket
            if tx.send(Message::Request(line)).is_err() {
                return;
            }
        }
    }

    fn handle_replies(&self) {
        while let Ok(msg) = self.rx.recv() {
            match msg {
                Message::Request(_line) => { /* answer */ }
                Message::Done => return,
            }
        }
    }

    pub fn run(self) {
        let tx = self.tx.clone();
        let reader = thread::spawn(move || Connection::read_requests(tx));
        self.handle_replies();
        // self.rx is still alive here: a reader blocked in send() on the full channel never wakes.
        let _ = reader.join();
    }
}

// Contrast: reported (join-holding-lock).
pub fn contrast_lock(queue: Arc<Mutex<Vec<String>>>) {
    let q = Arc::clone(&queue);
    let reader = thread::spawn(move || {
        q.lock().unwrap().push(String::from("request"));
    });
    let held = queue.lock().unwrap();
    let _ = reader.join();
    drop(held);
}
