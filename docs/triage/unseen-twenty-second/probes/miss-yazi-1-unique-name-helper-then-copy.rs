// Miss, yazi 81c66a64 (parent a6fcbb04): "a race condition generating unique filenames for
// concurrent file operations". Written from scratch. `unique_name` probes `dst`, `dst_1`,
// `dst_2`, .. with `symlink_metadata` and returns the first name that does not exist. The copy
// task then removes whatever is at that name and copies to it. The scheduler runs several
// file workers at once: two pastes of files with the same name into one directory both get
// `dst_1`, and the second removes and overwrites the first's copy. The fix reserves the name
// with `create_new` / `create_dir` and retries on AlreadyExists. racelint reports the check
// and the copy in one spawned closure (`paste_many_inline`, contrast), but not a check in a
// helper whose answer is a path that the caller later creates.
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

fn unique_name(dst: &Path) -> io::Result<PathBuf> {
    match fs::symlink_metadata(dst) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(dst.to_path_buf()),
        Err(e) => return Err(e),
        Ok(_) => {}
    }
    let stem = dst.file_stem().unwrap_or_default().to_string_lossy().into_owned();
    let parent = dst.parent().unwrap_or(Path::new("."));
    for i in 1u64.. {
        let candidate = parent.join(format!("{stem}_{i}"));
        match fs::symlink_metadata(&candidate) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(candidate),
            Err(e) => return Err(e),
            Ok(_) => continue,
        }
    }
    unreachable!()
}

// One paste task; the scheduler runs several of these on worker threads.
pub fn paste(from: &Path, dst: &Path) -> io::Result<PathBuf> {
    let to = unique_name(dst)?;
    match fs::remove_file(&to) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::copy(from, &to)?;
    Ok(to)
}

pub fn paste_many(jobs: Vec<(PathBuf, PathBuf)>) {
    let handles: Vec<_> = jobs
        .into_iter()
        .map(|(from, dst)| std::thread::spawn(move || paste(&from, &dst)))
        .collect();
    for h in handles {
        let _ = h.join();
    }
}

// Contrast: reported (fs-toctou). The same check inline, in the same spawned workers.
pub fn paste_many_inline(jobs: Vec<(PathBuf, PathBuf)>) {
    for (from, to) in jobs {
        std::thread::spawn(move || {
            if fs::symlink_metadata(&to).is_err() {
                let _ = fs::copy(&from, &to);
            }
        });
    }
}
