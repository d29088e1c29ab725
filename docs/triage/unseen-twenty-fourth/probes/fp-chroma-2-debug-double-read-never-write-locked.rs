// FP reproduction (written from scratch) for chroma-core/chroma at 93652ec0,
// rust/index/src/hnsw_provider.rs:82 (double-lock, error severity).
//
// `impl Debug for HnswIndexRef` reads two fields through two temporary `inner.read()` guards in
// one statement (`.field("id", &self.inner.read().id).field("dim", &self.inner.read().dim())`).
// With parking_lot that deadlocks only if a writer queues on the same lock between the two
// reads. The index refs that get printed are the readers' cached indexes; every `write()` in
// the program is on a writer's own forked index, whose containing types print only an id.
// No instance is both Debug-printed and write-locked.
//
// racelint reports double-lock. Missing fact: which instances are write-locked. A per-type
// answer ("some code write-locks `HnswIndexRef.inner`") is what racelint uses; the program
// separates reader instances (from the cache, never written) and writer instances (forked,
// written, never printed). This FP is the least general of this session's: the code is a
// latent hazard (a future `{:?}` of a writer would deadlock), so a note-level report or a
// report that names the write site would be fair; an error is not.
use parking_lot::RwLock;
use std::fmt;
use std::sync::Arc;

pub struct HnswIndex { pub id: u64, dim: usize }
impl HnswIndex {
    pub fn dimensionality(&self) -> usize { self.dim }
    pub fn add(&mut self, _v: &[f32]) {}
}

#[derive(Clone)]
pub struct HnswIndexRef { pub inner: Arc<RwLock<HnswIndex>> }

impl fmt::Debug for HnswIndexRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HnswIndexRef")
            .field("id", &self.inner.read().id)
            .field("dimensionality", &self.inner.read().dimensionality())
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone)]
pub struct Reader { pub hnsw: HnswIndexRef }

#[derive(Clone)]
pub struct Writer { hnsw: HnswIndexRef }
impl fmt::Debug for Writer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}
impl Writer {
    pub fn fork(src: &HnswIndexRef) -> Writer {
        let g = src.inner.read();
        Writer { hnsw: HnswIndexRef { inner: Arc::new(RwLock::new(HnswIndex { id: g.id + 1, dim: g.dim })) } }
    }
    pub fn add(&self, v: &[f32]) {
        self.hnsw.inner.write().add(v);
    }
}

pub fn query_and_compact(cached: HnswIndexRef) {
    let r = Reader { hnsw: cached.clone() };
    std::thread::spawn(move || println!("{:?}", r));
    let w = Writer::fork(&cached);
    std::thread::spawn(move || { w.add(&[0.0]); println!("{:?}", w) });
}
