// The world's getters (another file than their callers): one returns the struct holding the
// locks, one returns a lock itself.
use std::sync::{Arc, Mutex, RwLock};

pub struct Weather {
    pub raining: bool,
}

pub struct LevelTime {
    pub ticks: u64,
}

pub struct Environment {
    pub weather: Mutex<Weather>,
}

pub struct World {
    env: Arc<Environment>,
    level_time: Arc<RwLock<LevelTime>>,
}

impl World {
    pub fn env(&self) -> &Arc<Environment> {
        &self.env
    }
    pub fn level_time(&self) -> Arc<RwLock<LevelTime>> {
        self.level_time.clone()
    }

    // weather, then the level time
    pub fn tick_environment(&self) {
        let weather = self.env.weather.lock().unwrap();
        let mut time = self.level_time.write().unwrap();
        if weather.raining {
            time.ticks += 1;
        }
    }
}
