// A `&self` method of a type the file shares between threads: the evidence is in the types
// (a field, a static, a parameter, a return type, an `Arc::new`), in any of the usual shapes.
use std::fs;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, RwLock};

// a field holding it behind `Arc<RwLock<..>>`
pub struct RsyncStore {
    root: PathBuf,
}

impl RsyncStore {
    pub fn publish(&self, serial: u64) -> io::Result<()> {
        let current = self.root.join("current");
        let old = self.root.join(format!("old-{serial}"));
        if current.exists() { //~ fs-toctou
            fs::rename(&current, &old)?;
        }
        Ok(())
    }
}

pub struct Repository {
    pub store: Arc<RwLock<RsyncStore>>,
}

// a static of the type
pub struct Spool {
    dir: PathBuf,
}

impl Spool {
    pub fn take(&self, name: &str) -> io::Result<Vec<u8>> {
        let p = self.dir.join(name);
        if !p.exists() { //~ fs-toctou
            return Ok(Vec::new());
        }
        let body = fs::read(&p)?;
        fs::remove_file(&p)?;
        Ok(body)
    }
}

pub static SPOOL: LazyLock<Spool> = LazyLock::new(|| Spool {
    dir: PathBuf::from("/var/spool/app"),
});

// a constructor that returns it in an `Arc`
pub struct Uploads {
    root: PathBuf,
}

impl Uploads {
    pub fn accept(&self, name: &str, body: &[u8]) -> io::Result<()> {
        let dest = self.root.join(name);
        if dest.exists() { //~ fs-toctou
            return Err(io::Error::other("taken"));
        }
        fs::write(&dest, body)
    }
}

pub fn open_uploads(root: PathBuf) -> Arc<Uploads> {
    Arc::new(Uploads { root })
}

// built into an `Arc` and handed to threads
pub struct Trash {
    root: PathBuf,
}

impl Trash {
    pub fn empty(&self, name: &str) -> io::Result<()> {
        let p = self.root.join(name);
        if p.is_dir() { //~ fs-toctou
            fs::remove_dir_all(&p)?;
        }
        Ok(())
    }
}

pub fn start_trash(root: PathBuf) {
    let t = Arc::new(Trash { root });
    for _ in 0..2 {
        let t = t.clone();
        std::thread::spawn(move || t.empty("x"));
    }
}
