// Probe (written from scratch) for a missed bug in Pumpkin-MC/Pumpkin.
// Fix commit: 09f96cc7 "Implement equipping armor and resolve difficulty deadlock" (parent
// 80741dd4).
//
// What goes wrong: the server builds one `Arc<tokio::sync::RwLock<LevelData>>` and hands clones
// of it to every world (`World.level_info`). `Server::set_difficulty` takes
// `self.level_info.write()` and, still holding it, loops over the worlds doing
// `world.level_info.write()`: the same lock, so `/difficulty` hangs its task and every later
// reader of the level data. The fix drops the server guard before the loop.
//
// What racelint would need: lock identity through shared `Arc`s: a field initialised with a
// clone of another object's lock (`World::new(level_info.clone())`, stored as
// `World.level_info`) is the same lock as the original field (`Server.level_info`). Tracking
// which constructor argument each field is built from, and which `Arc` the caller passes, would
// unify the two. Expected: double-lock at the inner `write()` (line 43).
use std::sync::Arc;
use tokio::sync::RwLock;

pub struct LevelData {
    pub difficulty: u8,
}

pub struct World {
    pub level_info: Arc<RwLock<LevelData>>,
}

pub struct Server {
    pub level_info: Arc<RwLock<LevelData>>,
    pub worlds: Vec<Arc<World>>,
}

impl Server {
    pub fn new() -> Self {
        let level_info = Arc::new(RwLock::new(LevelData { difficulty: 2 }));
        let world = Arc::new(World { level_info: level_info.clone() });
        Server { level_info, worlds: vec![world] }
    }

    pub async fn set_difficulty(&self, difficulty: u8) {
        let mut info = self.level_info.write().await;
        info.difficulty = difficulty;
        for world in &self.worlds {
            world.level_info.write().await.difficulty = difficulty;
        }
        drop(info);
    }
}
