// A temporary guard in a `match` / `if let` scrutinee lives through the arms, where they
// await: when the scrutinee is an owned value (`.take()`, `.pop()`, `.clone()`), it is taken
// out in a `let` of its own before the statement, whose `;` ends the guard.
use std::collections::VecDeque;
use std::sync::Mutex;

pub struct Worker;

impl Worker {
    pub async fn stop(self) -> Result<(), String> {
        Ok(())
    }
}

pub struct Slots {
    compactor: Mutex<Option<Worker>>,
    queue: Mutex<VecDeque<u32>>,
    name: Mutex<String>,
}

impl Slots {
    // `let x = match ..`
    pub async fn shutdown(&self) -> Result<(), String> {
        let result = match self.compactor.lock().unwrap().take() { //~ guard-across-await
            Some(w) => w.stop().await,
            None => Ok(()),
        };
        result
    }

    // `if let` with an `else`
    pub async fn drain_one(&self) -> u32 {
        if let Some(n) = self.queue.lock().unwrap().pop_front() { //~ guard-across-await
            tick(n).await
        } else {
            0
        }
    }

    // the scrutinee borrows the guard (`as_str()`): no edit
    pub async fn greet(&self) -> u32 {
        match self.name.lock().unwrap().as_str() { //~ guard-across-await
            "" => 0,
            _ => tick(1).await,
        }
    }
}

// a `match` statement in a free function, `?` in an arm
pub async fn stop_all(slot: &Mutex<Option<Worker>>) -> Result<(), String> {
    match slot.lock().unwrap().take() { //~ guard-across-await
        Some(w) => {
            w.stop().await?;
        }
        None => {}
    }
    Ok(())
}

async fn tick(n: u32) -> u32 {
    n
}
