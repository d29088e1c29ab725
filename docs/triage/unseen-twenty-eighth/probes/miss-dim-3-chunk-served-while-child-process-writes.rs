// Probe (written from scratch) for a missed bug in Dusk-Labs/dim.
// Fix commit: c2c8349d "Fixed race condition in the streaming module where sometimes a chunk was
// requested before it was fully written to disk" (parent f0a3461e).
//
// What goes wrong: a stream request starts an ffmpeg child process that writes the DASH
// segments `chunk-N.m4s` straight into the session directory. The chunk route polls for the file
// and serves it as soon as `File::open` succeeds. ffmpeg creates the file before it has written
// it, so a player that asks for the next chunk early gets a truncated segment and playback
// breaks. The fix serves a chunk only once ffmpeg's progress output says a later frame has been
// written.
//
// What is missing: a file that another actor (here a child process started by this program,
// `Command::spawn`, writing into a directory the program chose) writes in place, without a
// temporary name and a rename, is not complete when it exists; a reader that takes "opens" (or
// `exists()`) for "done" reads a partial file. fs-toctou covers a check and an act on one path
// by two actors of this program; the nearest shape it reports is an exists-then-remove
// (`contrast_exists_then_remove`, reported: fs-toctou).
use std::fs::{self, File};
use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::Arc;
use std::time::Duration;

pub struct Session { dir: PathBuf, ffmpeg: Option<Child> }

impl Session {
    pub fn start(dir: PathBuf, input: &str) -> std::io::Result<Session> {
        fs::create_dir_all(&dir)?;
        let ffmpeg = Command::new("ffmpeg")
            .args(["-i", input, "-f", "dash", "-seg_duration", "5"])
            .arg(dir.join("manifest.mpd"))
            .spawn()?;
        Ok(Session { dir, ffmpeg: Some(ffmpeg) })
    }

    // The chunk route: poll until the segment exists, then serve it.
    pub fn chunk(&self, n: u64) -> Option<File> {
        let path = self.dir.join(format!("chunk-{n}.m4s"));
        for _ in 0..20 {
            if let Ok(f) = File::open(&path) {
                return Some(f);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        None
    }

    // Contrast: reported (fs-toctou).
    pub fn contrast_exists_then_remove(&self, n: u64) -> std::io::Result<()> {
        let path = self.dir.join(format!("chunk-{n}.m4s"));
        if path.exists() {
            fs::remove_file(&path)?;
        }
        Ok(())
    }
}

pub fn serve(session: Arc<Session>) {
    let s = session.clone();
    std::thread::spawn(move || s.chunk(1));
    let s = session.clone();
    std::thread::spawn(move || s.contrast_exists_then_remove(0));
    let _ = session.ffmpeg.is_some();
}
