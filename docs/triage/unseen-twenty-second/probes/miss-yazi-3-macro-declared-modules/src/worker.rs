// Reported only with --all-files (double-lock): the shape of yazi d702cbcf.
use parking_lot::RwLock;

pub struct Scheduler {
    pub running: RwLock<Vec<u64>>,
}

impl Scheduler {
    pub fn cancel(&self, id: u64) -> bool {
        let mut running = self.running.write();
        let before = running.len();
        running.retain(|r| *r != id);
        before != running.len()
    }
}

pub struct Tasks {
    pub scheduler: Scheduler,
    pub cursor: usize,
}

impl Tasks {
    pub fn cancel(&mut self) -> bool {
        let running = self.scheduler.running.read();
        let Some(id) = running.get(self.cursor).copied() else { return false };
        if !self.scheduler.cancel(id) {
            return false;
        }
        self.cursor = self.cursor.min(running.len().saturating_sub(1));
        true
    }
}
