// The first section claims the state (it writes a token: a generation, an owner id, the
// in-flight request) and the second section writes only while the token is still the one it
// wrote: a task that ran in between replaced the token, and this write is skipped.

use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct Flight {
    generation: u64,
}

#[derive(Default)]
pub struct Probe {
    generation: u64,
    in_flight: Option<Flight>,
    cached: Option<u64>,
}

pub async fn refresh(state: Arc<tokio::sync::Mutex<Probe>>) -> u64 {
    let (flight, old) = {
        let mut g = state.lock().await;
        g.generation += 1;
        let flight = Flight { generation: g.generation };
        g.in_flight = Some(flight.clone());
        (flight, g.cached.unwrap_or(0))
    };
    let fresh = old + 1;
    tokio::task::yield_now().await;
    let mut g = state.lock().await;
    if g.in_flight.as_ref().is_some_and(|f| f.generation == flight.generation) {
        g.cached = Some(fresh);
        g.in_flight = None;
    }
    fresh
}

pub struct Job {
    owner: Option<u32>,
    progress: u64,
}

pub fn advance(job: &Mutex<Job>, me: u32) {
    let start = {
        let mut g = job.lock().unwrap();
        g.owner = Some(me);
        g.progress
    };
    let next = start + 10;
    let mut g = job.lock().unwrap();
    if g.owner == Some(me) {
        g.progress = next;
    }
}
