// Probe (written from scratch) for a missed bug in NLnetLabs/krill.
// Fix commit: ef52d96a "Use locking to force sequential writing to rsync repository folders
// (#343)" (parent 67175620).
//
// What goes wrong: after every publication the publication server rewrites the rsync tree: it
// writes the snapshot into `tmp-<serial>`, then `if current.exists() { rename(current, old) }`,
// `rename(tmp, current)`, `if old.exists() { remove_dir_all(old) }`. Publications from several
// CAs are handled concurrently, and each ends in this write. Two writers interleave: A moves
// `current` to `old`, B finds no `current` and moves its tmp dir in, A's rename onto the now
// non-empty `current` fails (or A removes the `old` that B just made), so a publication fails
// with an I/O error and rsync clients can see a missing or half-swapped tree. The fix serialises
// the swap with a lock held by the store.
//
// racelint reports an exists-then-remove pair when the receiver type itself is seen in an `Arc`
// in code (`ContrastStore::clean`, reported: fs-toctou). Missing fact: the fs rules look for an
// `Arc` of the very type that owns the method. Here the store is a field of `Repository`,
// `Repository` is reached through a generic aggregate store that hands out `Arc<A>`, and the
// server whose `publish` ends in `write` runs on several threads. A value reached through a
// field of a shared value, or a `&self` method reached from a spawned closure, is shared too.
// (Side observation: a comment that spells the type inside `Arc<..>` is taken as that evidence,
// so this header avoids doing so; see the README.)
use std::fs;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::collections::HashMap;

pub struct RsyncStore { rsync_dir: PathBuf }

impl RsyncStore {
    pub fn write(&self, serial: u64) -> std::io::Result<()> {
        let new_dir = self.rsync_dir.join(format!("tmp-{serial}"));
        fs::create_dir_all(&new_dir)?;
        let current = self.rsync_dir.join("current");
        let old = self.rsync_dir.join("old");
        if current.exists() {
            fs::rename(&current, &old)?;
        }
        fs::rename(&new_dir, &current)?;
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

pub struct Repository { pub serial: u64, pub rsync: RsyncStore }

impl Repository {
    pub fn write(&self) -> std::io::Result<()> {
        self.rsync.write(self.serial)
    }
}

pub struct AggregateStore<A> { cache: RwLock<HashMap<String, Arc<A>>> }

impl<A> AggregateStore<A> {
    pub fn get_latest(&self, handle: &str) -> Option<Arc<A>> {
        self.cache.read().unwrap().get(handle).cloned()
    }
}

pub struct PubServer { store: AggregateStore<Repository> }

impl PubServer {
    pub fn publish(&self) -> std::io::Result<()> {
        let repo = self.store.get_latest("repo").expect("initialised");
        repo.write()
    }
}

// Each publication request runs on its own thread.
pub fn serve(server: Arc<PubServer>) {
    for _ in 0..4 {
        let s = server.clone();
        std::thread::spawn(move || s.publish());
    }
}

// Contrast: reported (fs-toctou). The same removal on a type that is itself seen in an `Arc`.
pub struct ContrastStore { dir: PathBuf }

impl ContrastStore {
    pub fn clean(&self) -> std::io::Result<()> {
        let old = self.dir.join("old");
        if old.exists() {
            fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

pub fn serve_contrast(store: Arc<ContrastStore>) {
    std::thread::spawn(move || store.clean());
}
