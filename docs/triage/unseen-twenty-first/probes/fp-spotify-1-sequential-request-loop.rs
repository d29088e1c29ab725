// FP, spotify-player HEAD 9b81aaab: spotify_player/src/cli/client.rs:777 (`playlist_import`).
// Written from scratch. The daemon serves CLI requests from one socket loop that awaits each
// request's handler before receiving the next one. The import handler reads a per-playlist
// cache file if it exists and then removes it; nothing else touches that file, and a second
// daemon cannot bind the same socket. The exists -> remove window has no second actor.
// racelint-s21a reports it (fs-toctou, warning).
use std::path::{Path, PathBuf};

fn cache_file(from: &str, to: &str) -> PathBuf {
    Path::new("/tmp/imports").join(to).join(from)
}

async fn import(from: &str, to: &str) -> std::io::Result<usize> {
    let f = cache_file(from, to);
    let mut seen = 0;
    if f.exists() {
        let bytes = std::fs::read(&f)?;
        std::fs::remove_file(&f)?;
        seen = bytes.len();
    }
    std::fs::create_dir_all(f.parent().unwrap())?;
    std::fs::write(&f, b"new")?;
    Ok(seen)
}

pub async fn serve(sock: tokio::net::UdpSocket) {
    let mut buf = [0u8; 512];
    loop {
        let Ok((n, peer)) = sock.recv_from(&mut buf).await else { continue };
        let req = String::from_utf8_lossy(&buf[..n]).to_string();
        let mut parts = req.split(' ');
        let (a, b) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let reply = format!("{:?}", import(a, b).await.ok());
        let _ = sock.send_to(reply.as_bytes(), peer).await;
    }
}
