// The worker hands each reply to a task of its own: the loop itself never waits, so it keeps
// receiving while the reply waits for room.
use tokio::sync::mpsc;

pub struct Req(u64);
pub struct Resp(u64);

pub async fn server(mut reqs: mpsc::Receiver<Req>, resps: mpsc::Sender<Resp>) {
    while let Some(Req(n)) = reqs.recv().await {
        let resps = resps.clone();
        tokio::spawn(async move {
            let _ = resps.send(Resp(n)).await;
        });
    }
}

pub async fn client(mut resps: mpsc::Receiver<Resp>, reqs: mpsc::Sender<Req>) {
    while let Some(Resp(n)) = resps.recv().await {
        let _ = reqs.send(Req(n + 1)).await;
    }
}
