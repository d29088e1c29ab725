// Free functions and threads: the check and the act take the same `Arc<Mutex<_>>` twice.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread;

pub struct Board {
    pub queued: HashMap<u32, String>,
    pub running: HashMap<u32, String>,
    pub count: usize,
}

pub fn admit(board: Arc<Mutex<Board>>, max: usize) {
    if board.lock().unwrap().count < max { //~ mutex-check-then-act
        board.lock().unwrap().count += 1;
    }
}

pub fn schedule(board: &Arc<Mutex<Board>>) {
    let next = {
        let b = board.lock().unwrap(); //~ mutex-check-then-act
        b.queued.iter().find(|(_, g)| g.as_str() == "default").map(|(id, _)| *id)
    };
    if let Some(id) = next {
        let mut b = board.lock().unwrap();
        b.running.insert(id, "default".to_string());
    }
}

pub fn start(board: Arc<Mutex<Board>>) {
    for _ in 0..2 {
        let board = board.clone();
        thread::spawn(move || {
            if board.lock().unwrap().count < 8 { //~ mutex-check-then-act
                let mut b = board.lock().unwrap();
                b.count += 1;
            }
        });
    }
}
