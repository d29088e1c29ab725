// FP, pathfinder HEAD afd4b22e: crates/pathfinder/src/state/sync/l2.rs:390 and :497
// (guard-across-await; with them double-lock at :497). Written from scratch.
//
// The sync loop waits until either of two `tokio::sync::watch` channels has a usable value:
// it builds `latest.wait_for(pred)` and `consensus.changed()` as futures, races them in
// `tokio::select!`, drops the result and goes on downloading with many `.await`s. racelint
// takes the un-awaited `wait_for(..)` future for the `watch::Ref` guard it yields and reports
// that guard as held across every later `.await` (and a second `wait_for` as a recursive read
// lock). The `Ref` exists only as the future's output, which `select!` matches with `_` and
// drops at once; the pending future itself holds no lock (wait_for re-borrows for each check).
// What racelint would need: a `watch::Receiver::wait_for` / `borrow`-like call is a guard only
// once awaited (or called, for `borrow`), and a future moved into `select!` is consumed there.
use tokio::sync::watch;

async fn download(n: u64) -> u64 {
    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    n + 1
}

pub async fn sync(mut latest: watch::Receiver<u64>, mut consensus: watch::Receiver<u64>) -> u64 {
    let fgw_fut = latest.wait_for(|n| *n > 0);
    let consensus_fut = consensus.changed();
    tokio::select! {
        biased;
        _ = consensus_fut => {}
        _ = fgw_fut => {}
    }
    let mut head = 0;
    for _ in 0..3 {
        head = download(head).await;
    }
    head
}

pub async fn publish(tx: watch::Sender<u64>) {
    tx.send_replace(7);
}
