// Guards that are gone before the `.await`, and async mutexes held across it.
use std::sync::Mutex;
use tokio::sync::Mutex as AsyncMutex;

pub struct Service {
    state: Mutex<Vec<u32>>,
    queue: AsyncMutex<Vec<u32>>,
}

impl Service {
    pub async fn dropped(&self, x: u32) {
        let mut state = self.state.lock().unwrap();
        state.push(x);
        drop(state);
        tick().await;
    }

    pub async fn scoped(&self, x: u32) {
        {
            let mut state = self.state.lock().unwrap();
            state.push(x);
        }
        tick().await;
        let mut state = self.state.lock().unwrap();
        state.push(x + 1);
    }

    pub async fn statement(&self) {
        let n = self.state.lock().unwrap().len();
        send(n).await;
    }

    pub async fn async_mutex(&self, x: u32) {
        let mut q = self.queue.lock().await;
        q.push(x);
        tick().await;
        q.push(x + 1);
    }

    pub async fn condition(&self) {
        if self.state.lock().unwrap().is_empty() {
            tick().await;
        }
    }

    pub fn not_async(&self) {
        let s = self.state.lock().unwrap();
        println!("{}", s.len());
    }
}

pub async fn unknown_lock(thing: &Thing) {
    // an unknown type without the std poison `unwrap`: nothing says it blocks
    let g = thing.inner.lock();
    tick().await;
    drop(g);
}

async fn tick() {}
async fn send(_n: usize) {}
