// garage 5dd200c0 shape: two components hold clones of one `Arc<RwLock<Layout>>`. A read guard
// obtained from the first (`System::cluster_layout`) is alive while a method of the guarded type
// calls the second (`RpcHelper::request_order`), which read-locks the same lock again; a writer
// queued in between deadlocks both.
use std::sync::{Arc, RwLock, RwLockReadGuard};

pub struct Layout {
    nodes: Vec<u64>,
    zone_of: Vec<(u64, String)>,
}

impl Layout {
    pub fn read_nodes_of(&self, pos: u64, rpc: &RpcHelper) -> Vec<u64> {
        let nodes: Vec<u64> = self.nodes.iter().copied().filter(|n| n % 3 == pos % 3).collect();
        rpc.request_order(nodes)
    }
}

pub struct RpcInner {
    our_id: u64,
    layout: Arc<RwLock<Layout>>,
}

pub struct RpcHelper(Arc<RpcInner>);

impl RpcHelper {
    pub fn request_order(&self, mut nodes: Vec<u64>) -> Vec<u64> {
        let layout = self.0.layout.read().unwrap();
        let our_zone = layout.zone_of.iter().find(|(n, _)| *n == self.0.our_id).map(|(_, z)| z.clone());
        nodes.sort_by_key(|n| layout.zone_of.iter().find(|(m, _)| m == n).map(|(_, z)| Some(z) != our_zone.as_ref()));
        nodes
    }
}

pub struct LayoutManager {
    layout: Arc<RwLock<Layout>>,
}

impl LayoutManager {
    pub fn layout(&self) -> RwLockReadGuard<'_, Layout> {
        self.layout.read().unwrap()
    }
}

pub struct System {
    layout_manager: LayoutManager,
    rpc: RpcHelper,
}

impl System {
    pub fn new(layout: Layout, our_id: u64) -> Self {
        let layout = Arc::new(RwLock::new(layout));
        System {
            layout_manager: LayoutManager { layout: layout.clone() },
            rpc: RpcHelper(Arc::new(RpcInner { our_id, layout })),
        }
    }

    pub fn cluster_layout(&self) -> RwLockReadGuard<'_, Layout> {
        self.layout_manager.layout()
    }

    pub fn rpc_helper(&self) -> &RpcHelper {
        &self.rpc
    }
}

pub struct BlockManager {
    system: Arc<System>,
}

impl BlockManager {
    pub fn read_nodes(&self, hash: u64) -> Vec<u64> {
        self.system.rpc.0.layout.read().unwrap().read_nodes_of(hash, self.system.rpc_helper())
    }
}
