// The dispatcher and worker of `struct_fields.rs`, with the worker's report sent by
// `try_send`: a full dispatcher queue fails the report instead of blocking the worker, so the
// worker keeps draining its own queue and the dispatcher's send completes.
use tokio::sync::mpsc;

pub enum Job {
    Submit(u64),
    Done(u64),
}
pub struct Work(u64);

pub struct Dispatcher {
    inbox: mpsc::Receiver<Job>,
    to_worker: mpsc::Sender<Work>,
}

impl Dispatcher {
    pub async fn run(mut self) {
        while let Some(job) = self.inbox.recv().await {
            if let Job::Submit(id) = job {
                let _ = self.to_worker.send(Work(id)).await;
            }
        }
    }
}

pub struct Worker {
    inbox: mpsc::Receiver<Work>,
    to_dispatcher: mpsc::Sender<Job>,
}

impl Worker {
    pub async fn run(mut self) {
        while let Some(Work(id)) = self.inbox.recv().await {
            let _ = self.to_dispatcher.try_send(Job::Done(id));
        }
    }
}
