// Two event loops in two files, each calling the other through a request with a oneshot
// reply, from inside its own loop: the session loop awaits the server's answer to a channel
// open while the server loop awaits the session's answer to an agent-channel open. Neither
// loop receives the other's request while it waits.
use tokio::sync::{mpsc, oneshot};

pub enum HandlerEvent {
    ChannelOpen(u32, oneshot::Sender<bool>),
}
pub enum SessionRequest {
    OpenAgent(u32, oneshot::Sender<u32>),
}

pub async fn session_loop(
    mut packets: mpsc::Receiver<u32>,
    mut requests: mpsc::UnboundedReceiver<SessionRequest>,
    to_server: mpsc::UnboundedSender<HandlerEvent>,
) {
    loop {
        tokio::select! {
            Some(channel) = packets.recv() => {
                let (tx, rx) = oneshot::channel();
                let _ = to_server.send(HandlerEvent::ChannelOpen(channel, tx));
                let _allowed = rx.await.unwrap_or(false);
            }
            Some(SessionRequest::OpenAgent(id, reply)) = requests.recv() => {
                let _ = reply.send(id + 1000);
            }
        }
    }
}
