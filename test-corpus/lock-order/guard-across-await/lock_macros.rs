// A blocking guard taken through the project's lock macro, alive at an `.await`.
use std::sync::Mutex;
use std::time::Duration;

macro_rules! zlock {
    ($var:expr) => {
        $var.lock().unwrap()
    };
}
// an async lock: awaiting it is no blocking guard
macro_rules! zasynclock {
    ($var:expr) => {
        $var.lock().await
    };
}

pub struct Service {
    state: Mutex<Vec<u32>>,
    tasks: tokio::sync::Mutex<Vec<u32>>,
}

impl Service {
    pub async fn handle(&self, x: u32) {
        let mut state = zlock!(self.state); //~ guard-across-await
        state.push(x);
        tokio::time::sleep(Duration::from_millis(10)).await;
        state.push(x + 1);
    }

    // near misses: the guard is dropped first; an async lock's guard
    pub async fn dropped(&self, x: u32) {
        zlock!(self.state).push(x);
        tokio::time::sleep(Duration::from_millis(10)).await;
        let mut tasks = zasynclock!(self.tasks);
        tasks.push(x);
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
