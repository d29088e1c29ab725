// FP, lnx HEAD 85f851b4: lnx-engine/search-index/src/stop_words.rs:116 (atomic-load-store).
// Written from scratch.
//
// An index keeps its stop words in an `ArcSwap<Vec<String>>` that query readers load. Adding or
// removing words loads the list, builds a new one and stores it. racelint reports the load and
// the store as a copy-modify-store that another thread can interleave. Every edit is a
// `WriterOp` sent over a channel to the index's one writer thread, which applies the ops one
// after another; the HTTP handlers only send ops, and readers only load. There is one writer.
// What racelint would need: racelint already treats a private method reached only from the
// receive loop of one spawned thread as run by one actor (with `fn remove` private this file is
// silent); the method is `pub` here, as in lnx (`StopWordManager` is a pub type of the
// search-index crate, used only by its writer), and a pub method is assumed to have callers
// outside. In an application crate (lnx's search-index is used only by the lnx server) the
// in-workspace callers are all the callers.
use arc_swap::ArcSwap;
use std::sync::mpsc::{channel, Sender};
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct StopWords {
    words: Arc<ArcSwap<Vec<String>>>,
}

impl StopWords {
    pub fn is_stop_word(&self, w: &str) -> bool {
        self.words.load().iter().any(|v| v == w)
    }

    pub fn remove(&self, remove: Vec<String>) {
        let new: Vec<String> = {
            let cur = self.words.load();
            cur.iter().filter(|w| !remove.contains(w)).cloned().collect()
        };
        self.words.store(Arc::new(new));
    }
}

pub enum WriterOp {
    RemoveStopWords(Vec<String>),
}

pub fn start_writer(words: StopWords) -> Sender<WriterOp> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        while let Ok(op) = rx.recv() {
            match op {
                WriterOp::RemoveStopWords(w) => words.remove(w),
            }
        }
    });
    tx
}

pub fn handler(tx: Sender<WriterOp>, words: Vec<String>) {
    let _ = tx.send(WriterOp::RemoveStopWords(words));
}
