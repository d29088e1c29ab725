// Probe (written from scratch) for a missed bug in threefoldtech/mycelium.
// Fix commit: ced1e7b5 "Fix #423: Race condition when removing subnet" (parent 669cf3b5).
//
// What goes wrong: the routing table maps a subnet (in a left-right trie) to a shared
// `Arc<ArcSwap<RouteList>>`. A writer that removes the last route of a subnet first stores the
// now empty list through `ArcSwap::rcu` (visible to every reader at once) and only afterwards
// removes the subnet from the trie and publishes. A packet task that looks up a destination in
// between finds the subnet, loads the empty list and indexes `list[0]` ("we always have at least
// one route if the subnet is present"): it panics. The panic kills the task and, per the
// changelog, leaked memory. The fix checks for an empty list.
//
// racelint has no fact for this: two publications of one logical change (an `ArcSwap` store,
// then the removal of the index entry) with a reader that relies on the invariant that holds
// only after both. It does not know `ArcSwap::load`/`rcu`/`store` as reads and writes of shared
// state either. The nearest reported shape is a map check-then-act under two guards
// (`contrast_two_guards`, reported: map-check-then-insert), which is a different bug; I found no
// contrast that expresses "reader sees the state between two writes".
use arc_swap::ArcSwap;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

#[derive(Clone, Default)]
pub struct RouteList { pub routes: Vec<u64> }

pub struct RoutingTable {
    index: RwLock<HashMap<u32, Arc<ArcSwap<RouteList>>>>,
    writer: Mutex<()>,
}

impl RoutingTable {
    pub fn best_route(&self, subnet: u32) -> Option<u64> {
        let list = self.index.read().unwrap().get(&subnet).cloned()?;
        let routes = list.load();
        Some(routes.routes[0])
    }

    pub fn remove_route(&self, subnet: u32, peer: u64) {
        let _w = self.writer.lock().unwrap();
        let Some(list) = self.index.read().unwrap().get(&subnet).cloned() else { return };
        let mut now_empty = false;
        list.rcu(|old| {
            let mut new = (**old).clone();
            new.routes.retain(|p| *p != peer);
            now_empty = new.routes.is_empty();
            new
        });
        if now_empty {
            self.index.write().unwrap().remove(&subnet);
        }
    }

    // Contrast: reported (map-check-then-insert).
    pub fn contrast_two_guards(&self, subnet: u32) {
        if !self.index.read().unwrap().contains_key(&subnet) {
            self.index.write().unwrap().insert(subnet, Arc::new(ArcSwap::from_pointee(RouteList::default())));
        }
    }
}

pub fn start(t: Arc<RoutingTable>) {
    let a = t.clone();
    std::thread::spawn(move || loop { let _ = a.best_route(1); });
    let b = t.clone();
    std::thread::spawn(move || b.remove_route(1, 9));
    std::thread::spawn(move || t.contrast_two_guards(2));
}
