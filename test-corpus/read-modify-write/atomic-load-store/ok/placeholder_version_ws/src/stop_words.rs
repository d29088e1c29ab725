//! Every edit of the stop words is applied by the one writer thread (`writer.rs`); the `pub`
//! method has no caller outside this package, which the workspace keeps at the placeholder version 0.0.0.
use arc_swap::ArcSwap;
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
