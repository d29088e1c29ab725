use std::net::SocketAddr;
use std::sync::Arc;
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

pub struct SpawnedClient {
    likely_leader: RwLock<Conn>,
}

impl SpawnedClient {
    pub fn new(addr: SocketAddr) -> Self {
        SpawnedClient {
            likely_leader: RwLock::new(Conn { addr }),
        }
    }

    async fn add_learner(&self, id: u64) -> Result<(), String> {
        let res = self.likely_leader.read().await.send(&format!("add_learner {id}")).await; //~ split-critical-section rwlock-check-then-write
        if let Err(Some(leader)) = res {
            let mut likely_leader = self.likely_leader.write().await;
            *likely_leader = Conn { addr: leader };
        }
        Ok(())
    }

    pub async fn join_cluster(&self, id: u64) -> Result<(), String> {
        self.add_learner(id).await
    }
}

pub async fn start_many(seed: SocketAddr, ids: Vec<u64>) {
    let client = Arc::new(SpawnedClient::new(seed));
    for id in ids {
        let client = client.clone();
        tokio::spawn(async move { client.join_cluster(id).await });
    }
}

pub struct JoinedClient {
    likely_leader: RwLock<Conn>,
}

impl JoinedClient {
    pub fn new(addr: SocketAddr) -> Self {
        JoinedClient {
            likely_leader: RwLock::new(Conn { addr }),
        }
    }

    async fn add_learner(&self, id: u64) -> Result<(), String> {
        let res = self.likely_leader.read().await.send(&format!("add_learner {id}")).await; //~ split-critical-section rwlock-check-then-write
        if let Err(Some(leader)) = res {
            let mut likely_leader = self.likely_leader.write().await;
            *likely_leader = Conn { addr: leader };
        }
        Ok(())
    }

    pub async fn enrol(&self, id: u64) -> Result<(), String> {
        self.add_learner(id).await
    }
}

pub async fn start_two(seed: SocketAddr) {
    let client = JoinedClient::new(seed);
    let (a, b) = tokio::join!(client.enrol(1), client.enrol(2));
    let _ = (a, b);
}

pub struct LentClient {
    likely_leader: RwLock<Conn>,
}

impl LentClient {
    pub fn new(addr: SocketAddr) -> Self {
        LentClient {
            likely_leader: RwLock::new(Conn { addr }),
        }
    }

    async fn add_learner(&self, id: u64) -> Result<(), String> {
        let res = self.likely_leader.read().await.send(&format!("add_learner {id}")).await; //~ split-critical-section rwlock-check-then-write
        if let Err(Some(leader)) = res {
            let mut likely_leader = self.likely_leader.write().await;
            *likely_leader = Conn { addr: leader };
        }
        Ok(())
    }

    pub async fn register(&self, id: u64) -> Result<(), String> {
        self.add_learner(id).await
    }
}

pub async fn start_with(client: &LentClient, id: u64) -> Result<(), String> {
    client.register(id).await
}

// Built by a constructor that keeps a clone for a background task: `start` returns an
// `Arc<Self>`, not a new value only its caller holds.
pub struct RefreshingClient {
    likely_leader: RwLock<Conn>,
}

impl RefreshingClient {
    pub fn start(addr: SocketAddr) -> Arc<Self> {
        let this = Arc::new(RefreshingClient {
            likely_leader: RwLock::new(Conn { addr }),
        });
        let bg = this.clone();
        tokio::spawn(async move {
            loop {
                *bg.likely_leader.write().await = Conn { addr };
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            }
        });
        this
    }

    async fn add_learner(&self, id: u64) -> Result<(), String> {
        let res = self.likely_leader.read().await.send(&format!("add_learner {id}")).await; //~ split-critical-section rwlock-check-then-write
        if let Err(Some(leader)) = res {
            let mut likely_leader = self.likely_leader.write().await;
            *likely_leader = Conn { addr: leader };
        }
        Ok(())
    }

    pub async fn attach(&self, id: u64) -> Result<(), String> {
        self.add_learner(id).await
    }
}

pub async fn start_refreshing(seed: SocketAddr) -> Result<(), String> {
    let client = RefreshingClient::start(seed);
    client.attach(7).await?;
    Ok(())
}
