// Miss, tantivy bb01e99e0 (parent 535f1a5d): "Fixes race condition in Searcher" (#1461).
// Written from scratch. `reload` opens the index's current segments (a read of shared state
// that a commit on the writer thread replaces) and builds the searcher "generation" from
// them; then `create_searcher` opens the segments a second time, and the searcher is built
// from that second read. A commit between the two reads gives a searcher whose segments
// differ from its generation: warmers and the generation inventory track the wrong segment
// set. The fix reads once and passes the readers on. racelint has no rule for two reads of
// one shared value that the code assumes to agree (a snapshot taken twice).
use std::sync::{Arc, Mutex, RwLock};

#[derive(Clone, PartialEq)]
pub struct SegmentMeta {
    pub id: u64,
    pub deletes: u64,
}

pub struct Index {
    metas: RwLock<Vec<SegmentMeta>>,
}

impl Index {
    // Writer thread: a commit replaces the segment list.
    pub fn commit(&self, new: Vec<SegmentMeta>) {
        *self.metas.write().unwrap() = new;
    }

    fn searchable_segments(&self) -> Vec<SegmentMeta> {
        self.metas.read().unwrap().clone()
    }
}

pub struct Generation {
    pub id: u64,
    pub segments: Vec<SegmentMeta>,
}

pub struct Searcher {
    pub segments: Vec<SegmentMeta>,
    pub generation: Generation,
}

pub struct Reader {
    index: Arc<Index>,
    counter: Mutex<u64>,
    current: Mutex<Option<Arc<Searcher>>>,
}

impl Reader {
    fn open_segments(index: &Index) -> Vec<SegmentMeta> {
        index.searchable_segments()
    }

    fn create_searcher(index: &Index, generation: Generation) -> Searcher {
        let segments = Self::open_segments(index);
        Searcher { segments, generation }
    }

    // Reload thread (file watcher) or the user after a commit.
    pub fn reload(&self) {
        let segments = Self::open_segments(&self.index);
        let id = {
            let mut c = self.counter.lock().unwrap();
            *c += 1;
            *c
        };
        let generation = Generation { id, segments };
        let searcher = Self::create_searcher(&self.index, generation);
        *self.current.lock().unwrap() = Some(Arc::new(searcher));
    }
}

pub fn run(index: Arc<Index>, reader: Arc<Reader>) {
    let i = index.clone();
    std::thread::spawn(move || i.commit(vec![SegmentMeta { id: 2, deletes: 0 }]));
    std::thread::spawn(move || reader.reload());
}
