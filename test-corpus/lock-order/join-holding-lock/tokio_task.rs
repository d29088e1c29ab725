// An async owner awaits its flusher task while holding the tokio mutex the task locks to
// drain the buffer: the task never gets the lock, the await never returns.
use std::sync::Arc;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

pub struct Buffer {
    lines: Mutex<Vec<String>>,
    flusher: std::sync::Mutex<Option<JoinHandle<()>>>,
}

impl Buffer {
    pub fn start(self: &Arc<Self>) {
        let me = Arc::clone(self);
        let flusher = tokio::spawn(async move {
            let mut lines = me.lines.lock().await;
            lines.clear();
        });
        *self.flusher.lock().unwrap() = Some(flusher);
    }

    pub async fn close(&self) {
        let task = self.flusher.lock().unwrap().take();
        let lines = self.lines.lock().await;
        if let Some(t) = task {
            let _ = t.await;
        }
        drop(lines);
    }

    pub async fn shutdown(&self, flusher: JoinHandle<()>) {
        let _lines = self.lines.lock().await;
        let _ = flusher.await;
    }
}

pub struct Pool {
    state: Arc<Mutex<u32>>,
    worker: Option<JoinHandle<()>>,
}

impl Pool {
    pub fn start(&mut self) {
        let st = Arc::clone(&self.state);
        self.worker = Some(tokio::spawn(async move {
            *st.lock().await += 1;
        }));
    }

    pub async fn finish(&mut self) {
        let guard = self.state.lock().await;
        if let Some(w) = self.worker.take() {
            w.await.unwrap(); //~ join-holding-lock
        }
        drop(guard);
    }
}
