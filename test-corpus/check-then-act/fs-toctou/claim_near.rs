// Near misses of a claim on the path's key: the claim is on another key, or it is dropped
// before the act.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

pub struct Claims(Mutex<HashSet<String>>);

pub struct Claim;

impl Claims {
    pub fn claim(&self, _key: &str) -> io::Result<Claim> {
        Ok(Claim)
    }
}

pub struct Store {
    root: PathBuf,
    claims: Claims,
}

impl Store {
    // the claim is on the tenant, the path is the upload's
    pub fn upload(&self, tenant: &str, file: &str) -> io::Result<()> {
        let _guard = self.claims.claim(tenant)?;
        let dest = self.root.join(file);
        if dest.exists() { //~ fs-toctou
            return Err(io::Error::other("exists"));
        }
        fs::write(&dest, b"x")
    }

    // the claim ends before the act
    pub fn reset(&self, id: &str) -> io::Result<()> {
        let dest = self.root.join(id);
        let claim = self.claims.claim(id)?;
        let there = dest.exists(); //~ fs-toctou
        drop(claim);
        if there {
            fs::remove_file(&dest)?;
        }
        Ok(())
    }
}

pub fn serve(store: Arc<Store>) {
    let s = store.clone();
    std::thread::spawn(move || s.upload("t", "f"));
}
