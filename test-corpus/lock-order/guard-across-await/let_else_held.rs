// `let PAT = EXPR else { .. }` binds a guard that lives to the end of the block: an await
// after the statement is made with it held (the `else` block's awaits are not: no guard
// exists there).

use std::sync::{Arc, Mutex};

pub struct Pool {
    free: Arc<Mutex<Vec<u32>>>,
}

async fn report(_n: usize) {}

impl Pool {
    pub fn start(self: &Arc<Self>) {
        let me = self.clone();
        std::thread::spawn(move || me.free.lock().unwrap().push(1));
    }

    pub async fn take(&self) -> Option<u32> {
        let Ok(mut free) = self.free.try_lock() else { //~ guard-across-await
            report(0).await;
            return None;
        };
        let id = free.pop();
        report(free.len()).await;
        id
    }
}
