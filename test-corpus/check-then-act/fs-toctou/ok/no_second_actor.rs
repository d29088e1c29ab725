// `fs-toctou` is silent where nothing says that a second process or thread acts on the path:
// a command's own output, a path handed in by the caller, a dependency lock file, a directory
// one owner manages. The check and the act are as racy in form as the bad cases; no other
// actor can exploit it.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub struct Flags {
    pub output: PathBuf,
    pub force: bool,
}

// A one-shot command replacing its own output.
pub fn write_output(flags: &Flags, bytes: &[u8]) -> io::Result<()> {
    if flags.output.exists() {
        fs::remove_file(&flags.output)?;
    }
    let mut f = File::create(&flags.output)?;
    f.write_all(bytes)
}

// A path handed in by the caller, checked and created once.
pub fn save_new(path: &Path, data: &[u8]) -> Result<(), String> {
    if path.exists() {
        return Err(format!("{} already exists", path.display()));
    }
    fs::write(path, data).map_err(|e| e.to_string())
}

// A dependency lock file (it locks versions, not processes) removed under `--force`.
pub fn reset_lockfile(dir: &Path, force: bool) -> io::Result<()> {
    if force {
        let lockfile_path = dir.join("deno.lock");
        if lockfile_path.exists() {
            fs::remove_file(&lockfile_path)?;
        }
    }
    Ok(())
}

// A per-key receive directory that one owner manages (the method name says `tmp`, but the
// path is private to the key).
pub struct SnapManager {
    root: PathBuf,
}

impl SnapManager {
    fn tmp_recv_path(&self, key: u64) -> PathBuf {
        self.root.join(format!("{key}.tmp"))
    }

    pub fn begin_receive(&self, key: u64) -> io::Result<()> {
        let path = self.tmp_recv_path(key);
        if path.exists() {
            fs::remove_dir_all(&path)?;
        }
        fs::create_dir_all(&path)
    }
}

// Generates a project file once per command, into the project the user named.
pub fn ensure_tsconfig(project_root: &Path) -> io::Result<()> {
    let root_tsconfig_path = project_root.join("tsconfig.json");
    if !root_tsconfig_path.exists() {
        fs::write(&root_tsconfig_path, "{}")?;
    }
    Ok(())
}

// The same method on a type nothing shares, and one that takes `&mut self`.
pub struct Exporter {
    out: PathBuf,
}

impl Exporter {
    pub fn export(&self, name: &str, body: &[u8]) -> io::Result<()> {
        let dest = self.out.join(name);
        if dest.exists() {
            return Err(io::Error::other("exists"));
        }
        fs::write(&dest, body)
    }
}

pub struct Archive {
    root: PathBuf,
}

impl Archive {
    pub fn add(&mut self, name: &str, body: &[u8]) -> io::Result<()> {
        let dest = self.root.join(name);
        if dest.exists() {
            return Err(io::Error::other("exists"));
        }
        fs::write(&dest, body)
    }
}

pub fn share(a: Archive) -> std::sync::Arc<std::sync::Mutex<Archive>> {
    std::sync::Arc::new(std::sync::Mutex::new(a))
}

// `is_dir()` only picks how to remove: the removal happens either way. And `data_dir` is a
// variable here, not the shared `dirs::data_dir()`.
pub fn reset(data_dir: &Path) -> io::Result<()> {
    for item in ["config.json", "logs"] {
        let path = data_dir.join(item);
        if path.is_dir() {
            fs::remove_dir_all(&path)?;
        } else {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}

// A type that mentions a cache is not a cache path.
pub struct GlobalCacheTracker;

impl GlobalCacheTracker {
    pub fn db_path(root: &Path) -> PathBuf {
        root.join("tracker.db")
    }
}

pub fn reset_tracker(root: &Path) -> io::Result<()> {
    let db_path = GlobalCacheTracker::db_path(root);
    if db_path.exists() {
        fs::remove_file(&db_path)?;
    }
    Ok(())
}

// One arm of a dispatcher creates exclusively; that does not make another arm's path shared.
pub enum Request {
    Create(PathBuf),
    Duplicate(PathBuf, PathBuf),
}

pub fn dispatch(req: Request) -> io::Result<()> {
    match req {
        Request::Create(p) => {
            std::fs::OpenOptions::new().write(true).create_new(true).open(p)?;
            Ok(())
        }
        Request::Duplicate(from, to) => {
            if to.exists() {
                return Err(io::Error::other("exists"));
            }
            fs::copy(from, &to)?;
            Ok(())
        }
    }
}
