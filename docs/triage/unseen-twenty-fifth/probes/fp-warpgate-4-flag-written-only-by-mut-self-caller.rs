// FP reproduction (written from scratch) for warp-tech/warpgate at c4b19cbb,
// warpgate-protocol-ssh/src/server/session.rs:516 (atomic-check-then-act).
//
// `ServerSession::emit_pty_error(&self)` runs `if progress_visible() { stop_progress(); .. }`
// on an `Arc<AtomicBool>` of its `ServiceOutput`. Its only caller is
// `handle_remote_event(&mut self)` (the session's own event loop, which has just called
// `stop_progress()` itself), and the flag is stored only from `&mut self` paths of that loop;
// the one other holder of the Arc, the spinner animation task spawned in
// `ServiceOutput::new`, only loads it. No second writer can come between the load and the
// store.
//
// racelint reports atomic-check-then-act ("two threads can both pass the check"); it does so
// only when the branch awaits something after the store (as the real code does: it erases the
// spinner line with `emit_pty_output(..).await`), and is silent without the await. Missing
// fact: when every store of an atomic is reached only from `&mut self` methods of its single
// owner, and the other holders only load it, the check and the act are not racing with any
// writer.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct ServiceOutput { progress_visible: Arc<AtomicBool> }

impl ServiceOutput {
    pub fn new() -> Self {
        let progress_visible = Arc::new(AtomicBool::new(false));
        let seen = progress_visible.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(100)).await;
                if seen.load(Ordering::Relaxed) {
                    // draw the next spinner frame
                }
            }
        });
        Self { progress_visible }
    }
    pub fn start_progress(&self) { self.progress_visible.store(true, Ordering::Relaxed); }
    pub fn stop_progress(&self) { self.progress_visible.store(false, Ordering::Relaxed); }
    pub fn progress_visible(&self) -> bool { self.progress_visible.load(Ordering::Relaxed) }
}

pub struct ServerSession { service_output: ServiceOutput }

impl ServerSession {
    pub async fn emit_pty_error(&self, _msg: &str) {
        if self.service_output.progress_visible() {
            self.service_output.stop_progress();
            let _ = self.emit_pty_output(b"\x1b[2K").await;
        }
    }

    pub async fn emit_pty_output(&self, _data: &[u8]) -> Result<(), ()> { Ok(()) }

    pub async fn handle_remote_event(&mut self, failed: bool) {
        if failed {
            self.service_output.stop_progress();
            self.emit_pty_error("Host key doesn't match the stored one.").await;
        } else {
            self.service_output.start_progress();
        }
    }
}

// One task per SSH session owns its ServerSession.
pub fn spawn_session() {
    tokio::spawn(async move {
        let mut s = ServerSession { service_output: ServiceOutput::new() };
        s.handle_remote_event(true).await;
    });
}
