// A std guard shadowed by a copy read through it (`let names = names.clone();`) can no
// longer be named, yet it stays held to the end of the block, across the `.await`. The copy
// is taken in the guard's own statement, whose temporary guard ends at its `;`.
use std::sync::Mutex;

pub struct Registry {
    names: Mutex<Vec<String>>,
}

impl Registry {
    pub async fn announce(&self) -> usize {
        let names = self.names.lock().unwrap(); //~ guard-across-await
        let names = names.clone();
        for n in &names {
            send(n).await;
        }
        names.len()
    }
}

pub async fn announce_all(names: &Mutex<Vec<String>>) {
    let mut list = names.lock().unwrap(); //~ guard-across-await
    let mut list = list.to_vec();
    list.sort();
    for n in &list {
        send(n).await;
    }
}

async fn send(_n: &str) {}
