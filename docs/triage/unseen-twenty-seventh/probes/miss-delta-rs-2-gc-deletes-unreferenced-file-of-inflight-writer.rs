// Probe (written from scratch) for a missed bug in delta-io/delta-rs.
// Fix commit: f1727c90 "fix: Protect recently written uncommitted files in vacuum Full mode"
// (parent e275f685).
//
// What goes wrong: a Delta table is written in two steps: a writer uploads its data files, then
// commits a log entry that references them. `VACUUM` in Full mode lists every file under the
// table, and deletes each one that the current snapshot does not reference and that is not an
// expired tombstone. A writer in another process (or task) whose files are uploaded but whose
// commit has not landed yet owns exactly such files: vacuum deletes them, the writer's commit
// then succeeds, and the table references data files that no longer exist (reads fail, data is
// lost). The fix keeps unreferenced files younger than the retention period.
//
// racelint has no fact for a two-phase writer protocol: "a file that exists but is not yet in
// the index is in flight and owned by a concurrent writer". The store rules do not know
// `object_store` (`list`, `delete`, `put`) either. The nearest reported shape is the fs
// check-then-remove on one path (`contrast_exists_then_remove`, reported: fs-toctou); the bug
// here is a list-then-delete against a second actor that creates first and references later.
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

pub struct Table { dir: PathBuf, log: RwLock<HashSet<String>> }

impl Table {
    // Writer: upload the data file, then commit it to the log.
    pub fn write(&self, name: &str, data: &[u8]) -> std::io::Result<()> {
        fs::write(self.dir.join(name), data)?;
        // .. more files, statistics, conflict checks ..
        self.log.write().unwrap().insert(name.to_string());
        Ok(())
    }

    // Vacuum (Full): delete every file the snapshot does not reference.
    pub fn vacuum_full(&self) -> std::io::Result<usize> {
        let referenced = self.log.read().unwrap().clone();
        let mut deleted = 0;
        for entry in fs::read_dir(&self.dir)? {
            let path = entry?.path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !referenced.contains(&name) {
                fs::remove_file(&path)?;
                deleted += 1;
            }
        }
        Ok(deleted)
    }

    // Contrast: reported (fs-toctou).
    pub fn contrast_exists_then_remove(&self, name: &str) -> std::io::Result<()> {
        let p: &Path = &self.dir.join(name);
        if p.exists() {
            fs::remove_file(p)?;
        }
        Ok(())
    }
}

pub fn start(t: Arc<Table>) {
    let w = t.clone();
    std::thread::spawn(move || w.write("part-0001.parquet", b"rows"));
    let v = t.clone();
    std::thread::spawn(move || v.vacuum_full());
    std::thread::spawn(move || t.contrast_exists_then_remove("part-0000.parquet"));
}
