use crate::session::{HandlerEvent, SessionRequest};
use tokio::sync::{mpsc, oneshot};

#[derive(Clone)]
pub struct Handle {
    requests: mpsc::UnboundedSender<SessionRequest>,
}

impl Handle {
    pub async fn open_agent(&self, id: u32) -> Option<u32> {
        let (tx, rx) = oneshot::channel();
        self.requests.send(SessionRequest::OpenAgent(id, tx)).ok()?;
        rx.await.ok()
    }
}

pub async fn server_loop(
    mut events: mpsc::UnboundedReceiver<HandlerEvent>,
    mut targets: mpsc::UnboundedReceiver<u32>,
    handle: Handle,
) {
    loop {
        tokio::select! {
            Some(HandlerEvent::ChannelOpen(_c, reply)) = events.recv() => {
                let _ = reply.send(true);
            }
            Some(id) = targets.recv() => {
                let _agent = handle.open_agent(id).await; //~ channel-wait-cycle
            }
        }
    }
}
