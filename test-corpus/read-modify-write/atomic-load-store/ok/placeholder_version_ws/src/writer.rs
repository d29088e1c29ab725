use crate::stop_words::StopWords;
use std::sync::mpsc::{channel, Sender};

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

pub fn handler(tx: &Sender<WriterOp>, words: Vec<String>) {
    let _ = tx.send(WriterOp::RemoveStopWords(words));
}
