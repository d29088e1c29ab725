// Near misses of lockstep request and reply: the requester sends two requests per reply it
// takes, or may skip taking the reply (`continue` between its send and its receive). More
// than one message can then be in flight: the serving loop blocks sending a reply into a
// full channel while the requester blocks sending a request into a full one.
use tokio::sync::mpsc;

pub struct Job(pub u64);

fn work(j: Job) -> Job {
    j
}

pub async fn twice_per_reply() {
    let (done_tx, mut done_rx) = mpsc::channel::<Job>(1);
    let (job_tx, mut job_rx) = mpsc::channel::<Job>(1);
    tokio::spawn(async move {
        while let Some(j) = job_rx.recv().await {
            done_tx.send(work(j)).await.unwrap();
        }
    });
    loop {
        job_tx.send(Job(1)).await.unwrap(); //~ channel-wait-cycle
        job_tx.send(Job(2)).await.unwrap();
        if let Some(j) = done_rx.recv().await {
            drop(j);
        }
    }
}

pub async fn may_skip_reply(skip: fn() -> bool) {
    let (done_tx, mut done_rx) = mpsc::channel::<Job>(1);
    let (job_tx, mut job_rx) = mpsc::channel::<Job>(1);
    tokio::spawn(async move {
        while let Some(j) = job_rx.recv().await {
            done_tx.send(work(j)).await.unwrap();
        }
    });
    loop {
        job_tx.send(Job(1)).await.unwrap(); //~ channel-wait-cycle
        if skip() {
            continue;
        }
        if let Some(j) = done_rx.recv().await {
            drop(j);
        }
    }
}
