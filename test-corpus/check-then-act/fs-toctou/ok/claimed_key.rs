// A claim on the path's key held over the check and the act: the owner of the claims hands
// out one per key (a guard that removes the key again on drop), so no other thread of this
// program works on that path meanwhile.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub struct Claims(Mutex<HashSet<String>>);

pub struct Claim<'a> {
    owner: &'a Claims,
    key: String,
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        self.owner.0.lock().unwrap().remove(&self.key);
    }
}

impl Claims {
    pub fn claim(&self, key: &str) -> io::Result<Claim<'_>> {
        if !self.0.lock().unwrap().insert(key.to_string()) {
            return Err(io::Error::other("busy"));
        }
        Ok(Claim { owner: self, key: key.to_string() })
    }
}

pub struct Store {
    root: PathBuf,
    claims: Claims,
}

impl Store {
    // the staging path is built from the claimed id
    pub fn create(&self, id: &str) -> io::Result<()> {
        let _create_guard = self.claims.claim(id)?;
        let staging = self.root.join(format!("{id}.tmp"));
        if staging.exists() {
            fs::remove_dir_all(&staging)?;
        }
        fs::create_dir(&staging)
    }

    // the claim comes out of a `match`, the path through a helper's argument
    pub fn replace(&self, name: String) -> io::Result<()> {
        let claim = match self.claims.claim(&name) {
            Ok(c) => c,
            Err(e) => return Err(e),
        };
        let dest = self.root.join(&name);
        if dest.exists() {
            fs::remove_file(&dest)?;
        }
        fs::write(&dest, b"new")?;
        drop(claim);
        Ok(())
    }
}

pub fn serve(store: Arc<Store>) {
    for i in 0..4 {
        let s = store.clone();
        std::thread::spawn(move || s.create(&i.to_string()));
    }
}

// a spawned task holding a lease on the file name
pub fn spawn_upload(root: PathBuf, leases: Arc<Claims>, name: String) {
    std::thread::spawn(move || {
        let lease = leases.claim(&name).unwrap();
        let path = root.join(&name);
        if !path.exists() {
            fs::write(&path, b"x").unwrap();
        }
        drop(lease);
    });
}
