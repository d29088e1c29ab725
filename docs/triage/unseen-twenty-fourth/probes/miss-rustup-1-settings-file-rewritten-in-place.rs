// Probe (written from scratch) for a missed bug in rust-lang/rustup.
// Fix commit: cc40f2be "fix: Lock state and settings file updates" (parent 121a7f23).
// The commit message names the second actor: "rustup state and settings files can be touched
// by concurrent rustup processes."
//
// What goes wrong: `SettingsFile::with_mut` reads `settings.toml`, lets the caller change it and
// writes it back with `write_file`, which opens the file with `truncate(true)` and then writes
// the new contents. Every rustup proxy (`cargo`, `rustc` run by an IDE, parallel builds, a
// `rustup default`/`rustup override set` in another shell) reads the same file. A reader that
// opens it between the truncate and the write reads an empty or half-written file and fails
// with a parse error; two concurrent writers also overwrite each other's change. The fix takes
// an exclusive file lock around the write and a shared one around the read (the lost update of
// two concurrent with_mut calls remains, because the lock is not held across both).
//
// racelint should report the in-place rewrite of a file that other processes read
// (truncate-then-write without a temp file + rename or a file lock), and the read-modify-write
// through `with_mut`. It is silent. The `exists()` + `File::create` form is reported only on a
// temp-directory path (`contrast_exists_then_create`, reported: fs-toctou). Missing facts: (a) a file that
// this program reads on every start and rewrites in place has other instances of the program as
// second actors (as in miss-sqlpage-1 of the twenty-third session); (b) `OpenOptions` with
// `truncate(true)` followed by writes is a non-atomic replacement: a reader can see the empty
// or partial file.
use std::cell::RefCell;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Default)]
pub struct Settings { pub default_toolchain: Option<String> }

impl Settings {
    fn parse(s: &str) -> Result<Self, String> {
        if s.is_empty() { return Err("empty settings file".into()); }
        Ok(Settings { default_toolchain: Some(s.trim().to_string()) })
    }
    fn stringify(&self) -> String { self.default_toolchain.clone().unwrap_or_default() }
}

pub fn write_file(path: &Path, contents: &str) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().write(true).truncate(true).create(true).open(path)?;
    file.write_all(contents.as_bytes())?;
    file.sync_data()
}

pub struct SettingsFile { path: PathBuf, cache: RefCell<Option<Settings>> }

impl SettingsFile {
    fn read_settings(&self) -> Result<(), String> {
        if self.cache.borrow().is_none() {
            let content = fs::read_to_string(&self.path).map_err(|e| e.to_string())?;
            *self.cache.borrow_mut() = Some(Settings::parse(&content)?);
        }
        Ok(())
    }

    pub fn with_mut<T, F: FnOnce(&mut Settings) -> T>(&self, f: F) -> Result<T, String> {
        self.read_settings()?;
        let result = f(self.cache.borrow_mut().as_mut().unwrap());
        write_file(&self.path, &self.cache.borrow().as_ref().unwrap().stringify())
            .map_err(|e| e.to_string())?;
        Ok(result)
    }

    // Contrast: reported (fs-toctou), but only for a path in the temp directory: the same
    // function on `self.path` (RUSTUP_HOME) is silent, because the gate does not know that
    // other rustup processes share RUSTUP_HOME.
    pub fn contrast_exists_then_create(&self) -> io::Result<()> {
        let path = std::env::temp_dir().join("settings.toml");
        if !path.exists() {
            let mut f = File::create(&path)?;
            f.write_all(b"stable")?;
        }
        Ok(())
    }
}

fn main() {
    let home = std::env::var("RUSTUP_HOME").unwrap_or_else(|_| ".rustup".into());
    let sf = SettingsFile { path: Path::new(&home).join("settings.toml"), cache: RefCell::new(None) };
    let _ = sf.contrast_exists_then_create();
    let _ = sf.with_mut(|s| s.default_toolchain = Some("nightly".into()));
}
