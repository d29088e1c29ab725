use crate::pool::Pool;

impl Pool {
    pub fn report(&self) -> u64 {
        let stats = self.stats.lock().unwrap();
        *stats + self.jobs_of(0)
    }

    fn jobs_of(&self, w: usize) -> u64 {
        self.workers[w].lock().unwrap().jobs
    }
}
