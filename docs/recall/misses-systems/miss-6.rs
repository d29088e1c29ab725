// Expected: relaxed-publication-like (flag-polling / ordering) finding at line 20: the version
// counter is published with a Release store BEFORE the data it versions (`self.text`, line 22)
// is written. A reader thread that sees `rev == n` (Acquire, line 30) may still observe the old
// text: Release only orders the writes that come before it. racelint's publication rules look at
// Relaxed orderings; a correctly-ordered (Release) store placed too early in program order is not
// checked. Rule idea: "atomic store published before the writes it is meant to publish".
// (From lapce f3eae730 "atomic rev fix": atomic_rev.store moved after the buffer edit.)
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

pub struct Buffer {
    rev: u64,
    shared_rev: Arc<AtomicU64>,
    text: Arc<RwLock<String>>,
}

impl Buffer {
    pub fn apply_edit(&mut self, s: &str) {
        self.rev += 1;
        self.shared_rev.store(self.rev, Ordering::Release);
        let mut t = self.text.write().unwrap();
        t.push_str(s);
    }
}

pub fn background(shared_rev: Arc<AtomicU64>, text: Arc<RwLock<String>>, rev: u64) {
    std::thread::spawn(move || {
        let snapshot = text.read().unwrap().clone();
        // result computed from `snapshot` is tagged with `rev`; valid only if rev is current
        if shared_rev.load(Ordering::Acquire) == rev {
            println!("{}", snapshot.len());
        }
    });
}
