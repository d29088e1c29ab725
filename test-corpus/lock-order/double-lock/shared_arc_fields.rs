// One `Arc` lock stored in two structs' fields (a constructor hands clones of one lock to
// both): the server's guard held while a world's lock, reached from the server, is taken.
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
        let world = Arc::new(World {
            level_info: level_info.clone(),
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
            world.level_info.write().unwrap().difficulty = difficulty; //~ double-lock
        }
    }
}

// through a constructor that stores its parameter
pub struct Journal {
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Journal {
    pub fn new(log: Arc<Mutex<Vec<String>>>) -> Self {
        Journal { log }
    }
}

pub struct Store {
    pub log: Arc<Mutex<Vec<String>>>,
    pub journal: Journal,
}

impl Store {
    pub fn open() -> Self {
        let log = Arc::new(Mutex::new(Vec::new()));
        Store {
            journal: Journal::new(log.clone()),
            log,
        }
    }

    pub fn append(&self, line: String) {
        let mut mine = self.log.lock().unwrap();
        mine.push(line.clone());
        self.journal.log.lock().unwrap().push(line); //~ double-lock
    }
}

// two servers: a world of the other server holds the other server's lock (two roots)
pub fn copy_difficulty(from: &Server, to: &Server) {
    let info = from.level_info.read().unwrap();
    for world in &to.worlds {
        world.level_info.write().unwrap().difficulty = info.difficulty;
    }
}
