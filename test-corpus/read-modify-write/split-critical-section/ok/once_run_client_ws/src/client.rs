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
    pub fn new(addr: SocketAddr) -> Self {
        RemoteClient {
            likely_leader: RwLock::new(Conn { addr }),
        }
    }

    async fn add_learner(&self, id: u64) -> Result<(), String> {
        for _ in 0..5 {
            let res = self.likely_leader.read().await.send(&format!("add_learner {id}")).await;
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

    async fn add_nodes(&self, ids: &[u64]) -> Result<(), String> {
        let leader = self.likely_leader.read().await.clone();
        if let Err(Some(addr)) = leader.send(&format!("add_nodes {ids:?}")).await {
            *self.likely_leader.write().await = Conn { addr };
        }
        Ok(())
    }

    pub async fn join_cluster(&self, id: u64) -> Result<(), String> {
        self.add_learner(id).await?;
        self.add_nodes(&[id]).await?;
        Ok(())
    }
}

pub async fn start_node(node_id: u64, seed: Option<SocketAddr>) -> Result<(), String> {
    if let Some(seed) = seed {
        let client = RemoteClient::new(seed);
        client.join_cluster(node_id).await?;
    }
    Ok(())
}
