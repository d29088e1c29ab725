//! Every file racelint writes (`--output`, `--write-baseline`) goes through [`write`]:
//!
//! - a regular file, or a path where nothing exists yet, is replaced atomically: the bytes go
//!   to a temporary file created exclusively (`O_CREAT | O_EXCL`, so never through a symbolic
//!   link) under a random name in the target's directory, which is then renamed over the
//!   target. Readers never see a half-written file. An existing file's permission mode is
//!   kept; a new file gets 0666 less the umask, like any file a program creates.
//! - a FIFO or a character device (`/dev/null`, a named pipe a reader waits on) is written
//!   through, never replaced.
//! - anything else (a symbolic link, a directory, a block device, a socket) is refused and
//!   left as it is; the caller exits 2.
//! - missing parent directories are created first (as ruff does for `--output-file`), so that
//!   `--output reports/racelint.sarif` works in a fresh checkout.

use std::fs::{FileType, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` as described in the module documentation.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, bytes, true)
}

/// [`write`] without waiting for the bytes to reach the disk: for the cache, whose entries a
/// crash may leave empty (then they are ignored and rewritten) but never half-replaced.
pub fn write_unsynced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, bytes, false)
}

fn write_with(path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_file() => replace(path, bytes, Some(m.permissions()), sync),
        Ok(m) if is_stream(&m.file_type()) => write_through(path, bytes),
        Ok(m) => Err(refused(&m.file_type())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            replace(path, bytes, None, sync)
        }
        Err(e) => Err(e),
    }
}

/// A FIFO or a character device: something to write into, not a file to replace.
fn is_stream(t: &FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        t.is_fifo() || t.is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = t;
        false
    }
}

fn refused(t: &FileType) -> io::Error {
    let what = if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    };
    io::Error::other(format!(
        "it is {what}; racelint replaces only regular files (and writes into a FIFO or a \
         character device), so it was left as it is"
    ))
}

fn write_through(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // neither created nor truncated: what was opened must still be a stream (not a regular
    // file swapped in since the check), else nothing is written
    let mut f = OpenOptions::new().write(true).open(path)?;
    let t = f.metadata()?.file_type();
    if !is_stream(&t) {
        return Err(refused(&t));
    }
    f.write_all(bytes)?;
    f.flush()
}

fn replace(
    path: &Path,
    bytes: &[u8],
    keep: Option<std::fs::Permissions>,
    sync: bool,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // `.NAME.XXXXXX.racelint.tmp`, the name shortened so that it fits in NAME_MAX
    let name: String = path
        .file_name()
        .map(|n| n.to_string_lossy().chars().take(64).collect())
        .unwrap_or_else(|| "output".into());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".racelint.tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // created with the final mode (less the umask) so it is never wider than the target's
        builder.permissions(
            keep.clone()
                .unwrap_or_else(|| std::fs::Permissions::from_mode(0o666)),
        );
    }
    let mut tmp = builder.tempfile_in(&dir)?;
    if let Some(p) = keep {
        // the umask may have narrowed it: the old file's mode exactly
        tmp.as_file().set_permissions(p)?;
    }
    tmp.write_all(bytes)?;
    if sync {
        tmp.as_file().sync_all()?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_planted_link_at_the_old_temporary_name_is_not_followed() {
        let d = tempfile::tempdir().unwrap();
        let victim = d.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let out = d.path().join("out.json");
        // the name racelint 0.1 used, predictable from the process id
        let old = d
            .path()
            .join(format!(".out.json.racelint-{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &old).unwrap();
        write(&out, b"report").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "report");
        // no temporary file is left behind
        let left: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().ends_with(".racelint.tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
