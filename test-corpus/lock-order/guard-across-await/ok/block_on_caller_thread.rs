// Blocks driven by `block_on` poll their future on the calling thread, which blocks until it
// completes. A blocking guard held across their `.await`s stalls that thread and the threads
// that wait for the lock (as a guard held over a blocking call would), not a task: no task of
// this file takes these locks.
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use tokio::runtime::Runtime;

pub struct Table {
    version: u64,
}

impl Table {
    pub async fn load_version(&mut self, v: u64) -> Result<(), String> {
        tokio::task::yield_now().await;
        self.version = v;
        Ok(())
    }
    pub async fn latest(&self) -> u64 {
        self.version
    }
}

pub fn rt() -> &'static Runtime {
    static RT: OnceLock<Runtime> = OnceLock::new();
    RT.get_or_init(|| Runtime::new().expect("runtime"))
}

// a binding's handle, shared by the threads of its host language
pub struct RawTable {
    table: Arc<Mutex<Table>>,
    schema: RwLock<String>,
}

impl RawTable {
    pub fn load_version(&self, v: u64) -> Result<(), String> {
        rt().block_on(async {
            let mut t = self.table.lock().map_err(|e| e.to_string())?;
            t.load_version(v).await
        })
    }

    pub fn latest(&self) -> Result<u64, String> {
        rt().block_on(async move {
            match self.table.lock() {
                Ok(t) => Ok(t.latest().await),
                Err(e) => Err(e.to_string()),
            }
        })
    }

    // sync methods take the same lock: threads, not tasks
    pub fn version(&self) -> u64 {
        self.table.lock().unwrap().version
    }

    pub fn schema(&self) -> String {
        let handle = rt().handle().clone();
        handle.block_on(async {
            let s = self.schema.read().unwrap();
            fetch_schema().await;
            s.clone()
        })
    }
}

// a free function with a local executor
pub fn snapshot(m: &Mutex<Vec<u8>>) -> usize {
    futures::executor::block_on(async {
        let g = m.lock().unwrap();
        flush().await;
        g.len()
    })
}

pub fn python_threads(t: Arc<RawTable>) {
    for v in 0..4 {
        let t = t.clone();
        std::thread::spawn(move || t.load_version(v));
    }
}

async fn fetch_schema() {}
async fn flush() {}
