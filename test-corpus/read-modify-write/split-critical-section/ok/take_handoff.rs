// `split-critical-section` near misses: a value moved out of the guarded state with
// `Option::take()` and required to be there (`expect`, `unwrap`, `?`, `let .. else`), then put
// back under a second guard. While it is out the slot is empty and the code treats an empty
// slot as a broken invariant: one holder at a time, nothing another actor wrote is lost.

use std::sync::{Arc, Mutex};
use std::thread;

struct Job {
    steps: Vec<String>,
}

struct State {
    job: Option<Job>,
    stream: Option<Vec<u8>>,
    runs: u64,
}

struct Runner {
    state: Mutex<State>,
    shared: Arc<tokio::sync::Mutex<State>>,
}

#[derive(Debug)]
struct Missing;

fn work(_j: &mut Job) {}
async fn flush(_b: &mut Vec<u8>) {}

impl Runner {
    // a panic on an empty slot, the value put back as it was changed
    fn run(&self) {
        let mut job = self.state.lock().unwrap().job.take().expect("job taken twice");
        work(&mut job);
        self.state.lock().unwrap().job = Some(job);
    }

    // `unwrap()`, named guards
    fn step(&self) {
        let mut g = self.state.lock().unwrap();
        let mut job = g.job.take().unwrap();
        drop(g);
        job.steps.push("step".to_string());
        let mut g2 = self.state.lock().unwrap();
        g2.job = Some(job);
    }

    // an async mutex, `None` returned as an error with `?`, an `.await` in between
    async fn drain(&self) -> Result<(), Missing> {
        let mut buf = self.shared.lock().await.stream.take().ok_or(Missing)?;
        flush(&mut buf).await;
        self.shared.lock().await.stream = Some(buf);
        Ok(())
    }

    // `let .. else`
    async fn again(&self) {
        let Some(mut buf) = self.shared.lock().await.stream.take() else {
            return;
        };
        flush(&mut buf).await;
        self.shared.lock().await.stream = Some(buf);
    }
}

impl Runner {
    // `match` with a diverging `None` arm
    fn resume(&self) -> bool {
        let mut job = match self.state.lock().unwrap().job.take() {
            Some(j) => j,
            None => return false,
        };
        work(&mut job);
        self.state.lock().unwrap().job = Some(job);
        true
    }
}

impl Runner {
    // `if let .. else` with a diverging `else`
    fn pause(&self) -> Result<(), Missing> {
        let mut job = if let Some(j) = self.state.lock().unwrap().job.take() {
            j
        } else {
            return Err(Missing);
        };
        work(&mut job);
        self.state.lock().unwrap().job = Some(job);
        Ok(())
    }
}

impl Runner {
    // taken in a block with another value, `?` on the missing value
    async fn execute(&self) -> Result<u64, Missing> {
        let (mut buf, runs) = {
            let mut g = self.shared.lock().await;
            (g.stream.take().ok_or(Missing)?, g.runs)
        };
        flush(&mut buf).await;
        self.shared.lock().await.stream = Some(buf);
        Ok(runs)
    }
}

// a free function over a shared handle, in a spawned thread
fn spawn_worker(state: Arc<Mutex<State>>) {
    thread::spawn(move || {
        let mut job = state.lock().unwrap().job.take().expect("one worker holds the job");
        work(&mut job);
        state.lock().unwrap().job = Some(job);
    });
}
