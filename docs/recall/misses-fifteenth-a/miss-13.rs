use parking_lot::RwLock;

pub struct State {
    pub versions: Vec<u64>,
    pub min_difficulty: u64,
}

pub struct Job {
    pub job_id: u64,
    pub difficulty: u64,
}

pub struct Handler {
    current_state: RwLock<State>,
}

impl Handler {
    pub fn job_template(&self) -> Job {
        let job = Job {
            job_id: (self.current_state.read().versions.len() - 1) as u64,
            difficulty: self.current_state.read().min_difficulty,
        };
        job
    }
}
