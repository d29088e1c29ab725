//! Near misses: the check is made again under the write guard, through a local computed from
//! that guard (`let missing = nodes.iter().all(..)` then `if missing`), the double-checked
//! shape shotover's `add_node_if_new` was fixed to.
use std::sync::Arc;

pub struct Node {
    pub id: i32,
}

pub struct Cluster {
    nodes: Arc<tokio::sync::RwLock<Vec<Node>>>,
}

impl Cluster {
    pub async fn add_if_new(&self, node: Node) {
        let missing = self.nodes.read().await.iter().all(|n| n.id != node.id);
        if missing {
            let mut nodes = self.nodes.write().await;
            let missing = nodes.iter().all(|n| n.id != node.id);
            if missing {
                nodes.push(node);
            }
        }
    }
}

pub fn add_name(names: &std::sync::RwLock<Vec<String>>, name: &str) {
    if !names.read().unwrap().iter().any(|n| n == name) {
        let mut guard = names.write().unwrap();
        let present = guard.iter().any(|n| n == name);
        if !present {
            guard.push(name.to_string());
        }
    }
}
