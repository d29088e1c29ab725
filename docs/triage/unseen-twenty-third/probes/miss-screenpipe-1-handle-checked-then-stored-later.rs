// Probe (written from scratch) for a missed bug in mediar-ai/screenpipe.
// Fix commit: be0e3a4db "fix: speaker search infinite spinner, server race condition, handler
// panics" (parent 67195fad): "add is_starting AtomicBool to prevent race between main.rs boot
// and frontend spawn_screenpipe (was causing double server start -> port conflict -> crash)".
//
// What races: `spawn_server` (a Tauri command the frontend calls, and the boot path in setup)
// checks under the state's tokio Mutex whether a server handle exists, releases the guard,
// frees the port, spawns a server thread and returns; the server thread stores its handle in
// the state only once the server is up. Boot and frontend call it at about the same time: both
// see no handle, both start a server on the same port, and the second crashes on bind (or the
// first is killed by the second's "free the port" step).
//
// racelint should report lazy-init-race at `state.handle.lock().await` in the server
// thread (the store of `Some(handle)`), checked `is_none()` under an earlier guard in
// `spawn_server`. It reports check and store in one function (`contrast_same_fn`, reported: lazy-init-race).
// Missing fact: the act is done later by a thread/task that the checking function spawns,
// after the checker's guard is gone (the claim "I am starting it" is never recorded).
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct ServerHandle;
impl ServerHandle { pub fn shutdown(self) {} }

pub struct RecordingState { pub handle: Arc<Mutex<Option<ServerHandle>>> }

async fn start_server(_port: u16) -> Result<ServerHandle, String> { Ok(ServerHandle) }
async fn kill_process_on_port(_port: u16) {}

pub async fn spawn_server(state: &RecordingState, port: u16) -> Result<(), String> {
    {
        let guard = state.handle.lock().await;
        if guard.is_some() {
            return Ok(());
        }
    }
    kill_process_on_port(port).await;
    let handle_slot = state.handle.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(async move {
            match start_server(port).await {
                Ok(h) => {
                    *handle_slot.lock().await = Some(h);
                }
                Err(_e) => {}
            }
        });
    });
    Ok(())
}

// Boot path and frontend command, concurrently.
pub fn boot(state: Arc<RecordingState>) {
    let s = state.clone();
    tokio::spawn(async move { let _ = spawn_server(&s, 3030).await; });
    tokio::spawn(async move { let _ = spawn_server(&state, 3030).await; });
}

// Contrast: reported (lazy-init-race).
pub async fn contrast_same_fn(state: &RecordingState, port: u16) -> Result<(), String> {
    if state.handle.lock().await.is_some() {
        return Ok(());
    }
    let h = start_server(port).await?;
    *state.handle.lock().await = Some(h);
    Ok(())
}
