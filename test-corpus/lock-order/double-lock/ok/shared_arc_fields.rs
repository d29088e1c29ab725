// Two fields of the same lock type built from two different locks stay two locks.
use std::sync::{Arc, Mutex, RwLock};

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
        // every world has a lock of its own
        let world = Arc::new(World {
            level_info: Arc::new(RwLock::new(LevelData { difficulty: 2 })),
        });
        Server {
            level_info,
            worlds: vec![world],
        }
    }

    pub fn set_difficulty(&self, difficulty: u8) {
        let mut info = self.level_info.write().unwrap();
        info.difficulty = difficulty;
        for world in &self.worlds {
            world.level_info.write().unwrap().difficulty = difficulty;
        }
    }
}

pub struct Journal {
    pub log: Arc<Mutex<Vec<String>>>,
}

pub struct Store {
    pub log: Arc<Mutex<Vec<String>>>,
    pub journal: Journal,
}

impl Store {
    pub fn open() -> Self {
        Store {
            journal: Journal {
                log: Arc::new(Mutex::new(Vec::new())),
            },
            log: Arc::new(Mutex::new(Vec::new())),
        }
    }

    pub fn append(&self, line: String) {
        let mut mine = self.log.lock().unwrap();
        mine.push(line.clone());
        self.journal.log.lock().unwrap().push(line);
    }
}
