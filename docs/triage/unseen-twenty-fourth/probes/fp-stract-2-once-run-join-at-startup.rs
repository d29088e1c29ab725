// FP reproduction (written from scratch) for StractOrg/stract at ecb495a6,
// crates/core/src/ampc/dht/network/raft.rs:253 and :312 (split-critical-section).
//
// `raft::RemoteClient::add_learner` / `add_nodes` read the cached leader hint (a tokio RwLock)
// to pick the node to send to and, when the answer is ForwardToLeader, store a client for the
// leader named in the answer. Their only caller is `join`, which calls them one after the
// other, and `join`'s only caller is the node's start-up (`entrypoint/ampc/dht.rs`), which
// builds a fresh client from the seed address, calls `join` once and drops it. No other
// task holds this client, so no write to the hint can be lost.
//
// racelint reports split-critical-section ("an update made by another task in between is
// lost"). Missing fact: the value is a local of a once-run start-up function (created there,
// borrowed by sequential awaited calls, never shared or spawned); methods reached only from it
// have no second actor, even though the type is `Sync` and the method takes `&self`.
use std::net::SocketAddr;
use tokio::sync::RwLock;

#[derive(Clone)]
pub struct Conn { addr: SocketAddr }
impl Conn {
    pub async fn send(&self, _rpc: &str) -> Result<(), Option<SocketAddr>> { Err(None) }
}

pub struct RemoteClient { likely_leader: RwLock<Conn> }

impl RemoteClient {
    pub fn new(addr: SocketAddr) -> Self { RemoteClient { likely_leader: RwLock::new(Conn { addr }) } }

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

    pub async fn join(&self, id: u64) -> Result<(), String> {
        self.add_learner(id).await
    }
}

pub async fn start_node(node_id: u64, seed: Option<SocketAddr>) -> Result<(), String> {
    if let Some(seed) = seed {
        let client = RemoteClient::new(seed);
        client.join(node_id).await?;
    }
    Ok(())
}
