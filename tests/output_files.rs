//! Files racelint writes (`--output`, `--write-baseline`): replaced atomically with their mode
//! kept, written into when they are a FIFO or a character device, refused (exit 2, left as
//! they are) when they are a symbolic link, a directory or another special file.
#![cfg(unix)]

mod common;

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::Command;

use common::{UNUSED, racelint, stderr, tree};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

#[test]
fn an_existing_output_file_keeps_its_mode() {
    let d = tree(&[("a.rs", UNUSED)]);
    for (file, flag) in [("out.json", "--output"), ("base.json", "--write-baseline")] {
        let p = d.path().join(file);
        std::fs::write(&p, "old").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        racelint(d.path())
            .args(["check", "--format", "json", flag, file])
            .assert()
            .code(0);
        assert_eq!(mode(&p), 0o600, "{flag}");
        assert!(std::fs::read_to_string(&p).unwrap().contains("\"version\""));
    }
}

#[test]
fn a_symbolic_link_or_directory_at_the_target_is_refused_and_left_alone() {
    let d = tree(&[("a.rs", UNUSED), ("real.json", "precious")]);
    std::os::unix::fs::symlink("real.json", d.path().join("link.json")).unwrap();
    std::fs::create_dir(d.path().join("dir.json")).unwrap();
    for flag in ["--output", "--write-baseline"] {
        for target in ["link.json", "dir.json"] {
            let a = racelint(d.path())
                .args(["check", "--format", "json", flag, target])
                .assert()
                .code(2);
            let err = stderr(&a);
            assert!(
                err.contains(target) && err.contains("left as it is"),
                "{err}"
            );
        }
    }
    let link = std::fs::symlink_metadata(d.path().join("link.json")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(d.path().join("real.json")).unwrap(),
        "precious"
    );
    assert!(d.path().join("dir.json").is_dir());
}

#[test]
fn a_fifo_is_written_into_not_replaced() {
    let d = tree(&[("a.rs", UNUSED)]);
    let fifo = d.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let (tx, rx) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        // blocks until a writer opens the FIFO: left behind if racelint never does
        std::thread::spawn(move || tx.send(std::fs::read_to_string(fifo).unwrap()));
    }
    racelint(d.path())
        .args(["check", "--format", "json", "--output", "pipe"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(0);
    let text = rx
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("nothing was written into the FIFO");
    assert!(text.contains("\"diagnostics\""), "{text}");
    let t = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(t.is_fifo(), "the FIFO was replaced: {t:?}");
}

#[test]
fn a_character_device_is_written_into_not_replaced() {
    let d = tree(&[("a.rs", UNUSED)]);
    let null = d.path().join("null");
    // a copy of /dev/null made inside the temporary directory (needs root: skipped otherwise)
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .output();
    if !made.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: cannot make a device node (not root?)");
        return;
    }
    racelint(d.path())
        .args(["check", "--output", "null"])
        .assert()
        .code(0);
    let t = std::fs::symlink_metadata(&null).unwrap().file_type();
    assert!(t.is_char_device(), "the device was replaced: {t:?}");
}
