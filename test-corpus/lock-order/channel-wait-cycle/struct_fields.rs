// A dispatcher and a worker as structs holding their channel ends. The dispatcher, handling a
// job, awaits a send into the worker's bounded queue; the worker, after each piece of work,
// awaits a send into the dispatcher's bounded queue. With both queues full, each waits for
// the other to receive, and neither ever does again.
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
                let _ = self.to_worker.send(Work(id)).await; //~ channel-wait-cycle
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
            let _ = self.to_dispatcher.send(Job::Done(id)).await;
        }
    }
}
