// Miss, dragonfly client a81abf2e (parent 3fc6d829), dragonfly-client-storage/src/metadata.rs
// `download_piece_failed` / `wait_for_piece_finished_failed`. Written from scratch.
// Two downloaders of one piece run at once (see miss-dragonfly-1). The winner finishes and
// marks the piece finished; the loser then fails (timeout, parent gone) and its failure path
// deletes the piece record by id without looking at it, so the finished piece disappears and
// later readers re-download it or fail to serve it. The fix checks "already finished" before
// deleting. No racelint rule covers an unconditional remove by key that can erase another
// actor's completed entry.
use dashmap::DashMap;

pub struct Piece {
    pub finished: bool,
    pub len: u64,
}

pub struct Meta {
    pieces: DashMap<String, Piece>,
}

impl Meta {
    pub fn started(&self, id: &str) {
        self.pieces.insert(id.to_string(), Piece { finished: false, len: 0 });
    }
    pub fn finished(&self, id: &str, len: u64) {
        if let Some(mut p) = self.pieces.get_mut(id) {
            p.finished = true;
            p.len = len;
        }
    }
    pub fn failed(&self, id: &str) {
        self.pieces.remove(id);
    }
}

pub async fn download(meta: std::sync::Arc<Meta>, id: String, ok: bool) {
    meta.started(&id);
    tokio::task::yield_now().await;
    if ok { meta.finished(&id, 4096) } else { meta.failed(&id) }
}
