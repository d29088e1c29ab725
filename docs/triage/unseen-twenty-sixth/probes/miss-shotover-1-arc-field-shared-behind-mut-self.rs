// Probe (written from scratch) for a missed bug in shotover/shotover-proxy.
// Fix commit: 8adfbf8d "KafkaSinkCluster - Fix race condition in add_node_if_new (#1709)"
// (parent b252b916).
//
// What goes wrong: every client connection gets its own `KafkaSinkCluster`, built by the
// builder with `nodes_shared: self.nodes_shared.clone()` (one `Arc<tokio::sync::RwLock<Vec<
// KafkaNode>>>` for all connections). `add_node_if_new(&mut self, node)` tests
// `nodes_shared.read().await.iter().all(|n| n.broker_id != node.broker_id)` and then pushes
// under `nodes_shared.write().await`. Two connections that learn of the same broker from
// metadata responses at the same moment both see it missing and both push it, so the shared
// broker list holds the broker twice, and every connection copies both entries. The fix checks
// again under the write guard.
//
// racelint reports the same method when the receiver is `&self` (`contrast_shared_ref`,
// reported: rwlock-check-then-write). Missing fact: `&mut self` makes the instance exclusive,
// not the values its `Arc` fields point to; a field of type `Arc<RwLock<..>>` (or
// `Arc<Mutex<..>>`) that a builder or `Clone` impl hands to several instances is shared state
// whatever the receiver is.
use std::sync::Arc;
use tokio::sync::RwLock;

#[derive(Clone)]
pub struct KafkaNode { pub broker_id: i32, pub host: String }

pub struct Builder { nodes_shared: Arc<RwLock<Vec<KafkaNode>>> }

impl Builder {
    pub fn build(&self) -> SinkCluster {
        SinkCluster { nodes_shared: self.nodes_shared.clone(), nodes: vec![] }
    }
}

pub struct SinkCluster {
    nodes_shared: Arc<RwLock<Vec<KafkaNode>>>,
    nodes: Vec<KafkaNode>,
}

impl SinkCluster {
    pub async fn add_node_if_new(&mut self, new_node: KafkaNode) {
        let missing_from_shared = self
            .nodes_shared
            .read()
            .await
            .iter()
            .all(|node| node.broker_id != new_node.broker_id);
        if missing_from_shared {
            self.nodes_shared.write().await.push(new_node.clone());
        }
        self.nodes.push(new_node);
    }

    // Contrast: reported (rwlock-check-then-write).
    pub async fn contrast_shared_ref(&self, new_node: KafkaNode) {
        let missing_from_shared = self
            .nodes_shared
            .read()
            .await
            .iter()
            .all(|node| node.broker_id != new_node.broker_id);
        if missing_from_shared {
            self.nodes_shared.write().await.push(new_node);
        }
    }
}

// One transform chain (and one SinkCluster) per client connection, each in its own task.
pub fn accept_connections(builder: Arc<Builder>) {
    for id in 0..4 {
        let mut sink = builder.build();
        tokio::spawn(async move {
            let node = KafkaNode { broker_id: id % 2, host: "b".into() };
            sink.add_node_if_new(node.clone()).await;
            sink.contrast_shared_ref(node).await;
        });
    }
}
