// tokio's Mutex is not re-entrant either: the second `lock().await` never completes.
use tokio::sync::Mutex;

pub struct Session {
    state: Mutex<Vec<u8>>,
}

impl Session {
    pub async fn update(&self, b: u8) {
        let mut s = self.state.lock().await;
        s.push(b);
        let len = self.state.lock().await.len(); //~ double-lock
        println!("{len}");
    }
}
