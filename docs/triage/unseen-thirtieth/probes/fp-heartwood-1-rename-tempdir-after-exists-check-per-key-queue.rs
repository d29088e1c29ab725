// FP probe (written from scratch) for an FP in radicle-dev/heartwood
// (crates/radicle-node/src/worker/fetch.rs:196, fs-toctou).
//
// The code: a clone is fetched into a temporary directory next to the storage; at the end the
// worker checks that the repository's final path does not exist and renames the temporary
// directory onto it. racelint reports fs-toctou at the `exists` check (line 36; the rename is
// line 37): "a file created there in between is silently replaced".
//
// Why it is an FP, two facts:
// 1. There is no second actor for that path. The service that hands out fetches keeps one
//    entry per repository id and queues a second fetch of the same id until the first ends
//    (here: `Service::fetch` with its `fetching` map); only a fetch creates the path.
// 2. Even with a second actor nothing is silently replaced: the source is a directory
//    (`TempDir::path()`), and rename(2) of a directory onto an existing non-empty directory
//    fails (ENOTEMPTY/EEXIST); it can only replace an empty directory.
//
// What racelint would need: (1) the per-key claim: a map insert of the key (`entry(k)` vacant
// arm) that gates the spawn of the work on k serialises every path derived from k; (2) the
// kind of the source: for a directory source, "silently replaced" is the wrong claim.
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct Storage {
    root: PathBuf,
}

impl Storage {
    pub fn path_of(&self, rid: &str) -> PathBuf {
        self.root.join(rid)
    }
}

fn mv(tmp: tempfile::TempDir, storage: &Storage, rid: &str) -> std::io::Result<()> {
    let from: &Path = tmp.path();
    let to = storage.path_of(rid);
    if !to.exists() {
        std::fs::rename(from, to)?;
    } else {
        return Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "exists"));
    }
    Ok(())
}

pub fn clone_into_storage(storage: &Storage, rid: &str) -> std::io::Result<()> {
    let tmp = tempfile::Builder::new().suffix(".lock").tempdir_in(&storage.root)?;
    // ... fetch into tmp ...
    mv(tmp, storage, rid)
}

pub struct Service {
    fetching: HashMap<String, ()>,
    queue: Vec<String>,
}

impl Service {
    pub fn fetch(&mut self, storage: std::sync::Arc<Storage>, rid: String) {
        match self.fetching.entry(rid.clone()) {
            std::collections::hash_map::Entry::Occupied(_) => self.queue.push(rid),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(());
                std::thread::spawn(move || clone_into_storage(&storage, &rid));
            }
        }
    }
}
