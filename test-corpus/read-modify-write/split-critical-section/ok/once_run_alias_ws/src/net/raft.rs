use std::net::SocketAddr;
use tokio::sync::RwLock;

#[derive(Clone)]
pub struct Conn {
    addr: SocketAddr,
}

impl Conn {
    pub async fn send(&self, _rpc: &str) -> Result<(), Option<SocketAddr>> {
        let _ = self.addr;
        Err(None)
    }
}

pub struct RemoteClient {
    likely_leader: RwLock<Conn>,
}

impl RemoteClient {
    pub fn connect(addr: SocketAddr) -> Self {
        RemoteClient {
            likely_leader: RwLock::new(Conn { addr }),
        }
    }

    async fn add_learner(&self, id: u64, addr: SocketAddr) -> Result<(), String> {
        for _ in 0..5 {
            let res = self.likely_leader.read().await.send(&format!("add_learner {id} {addr}")).await;
            match res {
                Ok(()) => return Ok(()),
                Err(Some(leader)) => {
                    let mut likely_leader = self.likely_leader.write().await;
                    *likely_leader = Conn { addr: leader };
                }
                Err(None) => tokio::time::sleep(std::time::Duration::from_millis(500)).await,
            }
        }
        Err("failed to add learner".into())
    }

    pub async fn join(&self, id: u64, addr: SocketAddr) -> Result<(), String> {
        self.add_learner(id, addr).await
    }
}
