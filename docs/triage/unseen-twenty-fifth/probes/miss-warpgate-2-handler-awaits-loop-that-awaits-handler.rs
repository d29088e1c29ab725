// Probe (written from scratch) for a missed bug in warp-tech/warpgate.
// Fix commit: 6c231ba6 "fixed #1459 - concurrent agent channel requests causing deadlock
// (#2135)" (parent f224e4c3).
//
// What goes wrong: russh runs one session loop per SSH connection and calls warpgate's
// `ServerHandler` callbacks from inside it, one at a time. A callback such as
// `channel_open_session` sends an event with a oneshot to warpgate's `ServerSession` event
// loop and awaits the answer (`rx.await`), so the russh loop is stopped until the answer comes.
// The `ServerSession` loop, handling an event from the target (a forwarded agent or TCP/IP
// channel), calls `handle.channel_open_forwarded_tcpip(..).await` / `channel_open_agent()`,
// which needs the russh loop to send the open and process the client's confirmation. When both
// happen together (concurrent agent-forwarding channel requests), the russh loop waits for the
// session loop and the session loop waits for the russh loop: the SSH connection hangs. The fix
// answers channel opens through a reply handle instead of blocking the callback, and opens
// server-to-client channels in a spawned task whose result comes back as an event.
//
// There is no rule for a wait cycle between two event loops built from request/response
// round trips (a oneshot answered by the other loop, a handle call served by the other loop).
// The lock form of the same cycle is reported (`contrast_locks_ab`/`_ba`, reported:
// lock-order-inversion).
// Missing facts: awaiting a oneshot whose sender was sent to loop B is a "wait for B" edge;
// awaiting a call on a handle whose requests loop A serves is a "wait for A" edge; a cycle of
// such edges between two loops is a deadlock. (Same family: miss-scylla-2 in this session,
// miss-chroma-2 of the twenty-fourth session.)
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot, Mutex};

pub enum HandlerEvent { ChannelOpen(u32, oneshot::Sender<bool>) }
pub enum TargetEvent { ForwardedAgent(u32) }
pub enum SessionRequest { OpenAgentChannel(u32, oneshot::Sender<u32>) }

// A handle to the SSH session loop.
#[derive(Clone)]
pub struct Handle { requests: mpsc::UnboundedSender<SessionRequest> }

impl Handle {
    pub async fn channel_open_agent(&self, id: u32) -> Option<u32> {
        let (tx, rx) = oneshot::channel();
        self.requests.send(SessionRequest::OpenAgentChannel(id, tx)).ok()?;
        rx.await.ok()
    }
}

// The SSH library's session loop: packets from the client and requests from the handle, one
// at a time; the handler callback runs inside it.
pub async fn ssh_session_loop(
    mut packets: mpsc::Receiver<u32>,
    mut requests: mpsc::UnboundedReceiver<SessionRequest>,
    to_server_session: mpsc::UnboundedSender<HandlerEvent>,
) {
    loop {
        tokio::select! {
            Some(channel) = packets.recv() => {
                // Handler::channel_open_session
                let (tx, rx) = oneshot::channel();
                let _ = to_server_session.send(HandlerEvent::ChannelOpen(channel, tx));
                let _allowed = rx.await.unwrap_or(false);
            }
            Some(SessionRequest::OpenAgentChannel(id, reply)) = requests.recv() => {
                let _ = reply.send(id + 1000);
            }
        }
    }
}

// warpgate's ServerSession loop.
pub async fn server_session_loop(
    mut handler_events: mpsc::UnboundedReceiver<HandlerEvent>,
    mut target_events: mpsc::UnboundedReceiver<TargetEvent>,
    handle: Handle,
) {
    loop {
        tokio::select! {
            Some(HandlerEvent::ChannelOpen(_channel, reply)) = handler_events.recv() => {
                let _ = reply.send(true);
            }
            Some(TargetEvent::ForwardedAgent(id)) = target_events.recv() => {
                let _server_channel = handle.channel_open_agent(id).await;
            }
        }
    }
}

pub fn start(packets: mpsc::Receiver<u32>, target_events: mpsc::UnboundedReceiver<TargetEvent>) {
    let (req_tx, req_rx) = mpsc::unbounded_channel();
    let (ev_tx, ev_rx) = mpsc::unbounded_channel();
    tokio::spawn(ssh_session_loop(packets, req_rx, ev_tx));
    tokio::spawn(server_session_loop(ev_rx, target_events, Handle { requests: req_tx }));
}

// Contrast: reported (lock-order-inversion).
pub struct Pair { a: Arc<Mutex<u64>>, b: Arc<Mutex<u64>> }
impl Pair {
    pub async fn contrast_locks_ab(&self) {
        let _a = self.a.lock().await;
        let _b = self.b.lock().await;
    }
    pub async fn contrast_locks_ba(&self) {
        let _b = self.b.lock().await;
        let _a = self.a.lock().await;
    }
}
pub fn start_pair(p: Arc<Pair>) {
    let q = p.clone();
    tokio::spawn(async move { q.contrast_locks_ab().await });
    tokio::spawn(async move { p.contrast_locks_ba().await });
}
