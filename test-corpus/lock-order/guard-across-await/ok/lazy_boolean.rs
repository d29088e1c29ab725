// The guard of a lazy boolean operand is dropped at the end of that operand, before the
// next operand and its `.await` run; in a let chain (edition 2024) the boolean condition's
// guard is dropped before the `let` is evaluated.
use std::collections::{HashMap, HashSet};
use std::sync::RwLock;

pub struct S {
    subs: RwLock<HashSet<u32>>,
    lists: tokio::sync::RwLock<Vec<u32>>,
    wedged: RwLock<HashMap<u32, HashSet<u32>>>,
}

impl S {
    pub async fn must_process(&self) -> bool {
        !self.subs.read().unwrap().is_empty() || !self.lists.read().await.is_empty()
    }

    pub async fn unwedge(&self, user: u32, dev: u32) -> Option<u32> {
        if self.wedged.write().unwrap().get_mut(&user).is_some_and(|d| d.remove(&dev))
            && let Some(x) = load(dev).await
        {
            return Some(x);
        }
        None
    }
}

async fn load(d: u32) -> Option<u32> {
    Some(d)
}
