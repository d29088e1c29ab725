// Miss, tantivy 43c7b3bfe (parent b17a1054): "Bugfix in the RAMDirectory. There was a state
// where the meta.json was empty." Written from scratch. The in-memory directory's
// `atomic_write` first reserves the path by storing an EMPTY file under one write guard,
// then writes the data through a writer whose `flush` takes the write lock a second time and
// stores the bytes. A reader (`atomic_read`, run by an index reader reloading on another
// thread) that takes the lock between the two guards reads an empty `meta.json` and fails
// with a data-corruption error. The fix stores the data under one guard. racelint's
// split-critical-section follows a value read under one guard and written back under a
// second; an intermediate state published under one guard and completed under a second one
// is not reported, neither through the writer's `flush` (`atomic_write`) nor inline
// (`atomic_write_inline`).
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

#[derive(Clone, Default)]
pub struct RamDirectory {
    fs: Arc<RwLock<HashMap<PathBuf, Vec<u8>>>>,
}

pub struct VecWriter {
    path: PathBuf,
    dir: RamDirectory,
    data: Vec<u8>,
}

impl Write for VecWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.data.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut fs = self.dir.fs.write().unwrap();
        fs.insert(self.path.clone(), self.data.clone());
        Ok(())
    }
}

impl RamDirectory {
    // Writer thread (commit).
    pub fn atomic_write(&self, path: PathBuf, data: &[u8]) -> io::Result<()> {
        // Reserve the path.
        self.fs.write().unwrap().insert(path.clone(), Vec::new());
        let mut w = VecWriter { path, dir: self.clone(), data: Vec::new() };
        w.write_all(data)?;
        w.flush()
    }

    pub fn atomic_write_inline(&self, path: PathBuf, data: &[u8]) {
        self.fs.write().unwrap().insert(path.clone(), Vec::new());
        self.fs.write().unwrap().insert(path, data.to_vec());
    }

    // Reader thread (reload).
    pub fn atomic_read(&self, path: &PathBuf) -> Option<Vec<u8>> {
        self.fs.read().unwrap().get(path).cloned()
    }
}

pub fn run(dir: RamDirectory) {
    let d = dir.clone();
    std::thread::spawn(move || d.atomic_write(PathBuf::from("meta.json"), b"{}"));
    std::thread::spawn(move || dir.atomic_read(&PathBuf::from("meta.json")));
}
