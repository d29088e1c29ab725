// Probe (written from scratch) for a missed bug in warp-tech/warpgate.
// Fix commit: 2456538a "fixed #2328 - channel confirmation race (#2331)" (parent 343a3927).
//
// What goes wrong: for a client's direct-tcpip channel open, the russh handler callback sends
// an event with a oneshot to warpgate's `ServerSession` loop, awaits the answer, and only then
// writes CHANNEL_OPEN_CONFIRMATION (`reply_channel_open(reply, allowed)`). The session loop,
// after answering `true`, connects to the target and forwards the target's first bytes to the
// client through the session handle (`handle.data(channel, bytes)`). Two tasks now write to the
// one outgoing SSH stream and nothing orders them: with a server-speaks-first target (an SMTP or
// SSH banner, a database greeting) the CHANNEL_DATA can be written before
// CHANNEL_OPEN_CONFIRMATION, and the client drops the data or the connection. The fix moves the
// reply handle into the session loop, so the confirmation is sent by the same task that writes
// the data, and holds target output back until the open is confirmed.
//
// There is no rule for two tasks writing protocol messages whose order matters to one shared
// outgoing stream, where the only ordering is "answer the oneshot, then write". The atomic
// form of "publish, then signal, with no ordering" is reported (`contrast_relaxed_*`, reported:
// relaxed-publication).
// Missing fact: a message that must precede others on an ordered stream (the confirmation
// before data) and is written by task A after it receives an answer from task B, while task B
// itself writes to the same stream right after answering, is a publication without ordering:
// B's writes are not ordered after A's.
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

pub enum Outgoing { OpenConfirmation(u32), Data(u32, Vec<u8>) }

pub enum HandlerEvent { OpenDirectTcpIp(u32, oneshot::Sender<bool>) }

// The russh side: the handler callback for a client's channel open.
pub async fn channel_open_direct_tcpip(
    channel: u32,
    to_session: &mpsc::UnboundedSender<HandlerEvent>,
    out: &mpsc::UnboundedSender<Outgoing>,
) {
    let (tx, rx) = oneshot::channel();
    let _ = to_session.send(HandlerEvent::OpenDirectTcpIp(channel, tx));
    if rx.await.unwrap_or(false) {
        let _ = out.send(Outgoing::OpenConfirmation(channel));
    }
}

async fn connect_target() -> Vec<u8> {
    b"220 mail.example.com ESMTP\r\n".to_vec()
}

// warpgate's ServerSession loop.
pub async fn server_session_loop(
    mut events: mpsc::UnboundedReceiver<HandlerEvent>,
    out: mpsc::UnboundedSender<Outgoing>,
) {
    while let Some(HandlerEvent::OpenDirectTcpIp(channel, reply)) = events.recv().await {
        let _ = reply.send(true);
        let greeting = connect_target().await;
        let _ = out.send(Outgoing::Data(channel, greeting));
    }
}

pub fn start(mut client_opens: mpsc::UnboundedReceiver<u32>, out: mpsc::UnboundedSender<Outgoing>) {
    let (ev_tx, ev_rx) = mpsc::unbounded_channel();
    tokio::spawn(server_session_loop(ev_rx, out.clone()));
    tokio::spawn(async move {
        while let Some(channel) = client_opens.recv().await {
            channel_open_direct_tcpip(channel, &ev_tx, &out).await;
        }
    });
}

// Contrast: reported (relaxed-publication).
pub fn contrast_relaxed_handoff() -> u64 {
    let ready = Arc::new(AtomicBool::new(false));
    let value = Arc::new(AtomicU64::new(0));
    let (r2, v2) = (ready.clone(), value.clone());
    std::thread::spawn(move || {
        v2.store(7, Ordering::Relaxed);
        r2.store(true, Ordering::Relaxed);
    });
    loop {
        if ready.load(Ordering::Relaxed) {
            break;
        }
        std::thread::yield_now();
    }
    value.load(Ordering::Relaxed)
}
