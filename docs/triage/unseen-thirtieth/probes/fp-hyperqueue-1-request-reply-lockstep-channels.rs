// FP probe (written from scratch) for the FP in It4innovations/hyperqueue
// (crates/tako/src/internal/worker/rpc.rs:556, channel-wait-cycle).
//
// The code: an async loop sends a trigger on a bounded channel to a sampler thread and then
// awaits the sampler's answer on a second bounded channel; the thread, in its loop, receives a
// trigger, samples, and sends one answer (`blocking_send`). racelint reports a wait cycle at
// the loop's `trigger_tx.send(..).await` (line 46): each side may block sending into a
// channel that only the other side drains.
//
// Why it is an FP: the two sides run in lockstep, one request and one reply. The loop sends a
// trigger only after it has received the previous reply, so the trigger channel is empty
// (the thread took the previous trigger before replying); the thread sends a reply only after
// a trigger, when the loop has consumed the previous reply, so the reply channel is empty. With
// at most one message in flight in the whole cycle, no send can block (capacity 1 suffices),
// and the two channels are never full at once.
//
// What racelint would need: in a cycle of two bounded channels, count the messages that can be
// in flight. When each side's loop body alternates "send one, then receive one" (or "receive
// one, then send one") with no other sender on either channel, the cycle carries at most one
// message and cannot fill a channel of capacity >= 1.
use tokio::sync::mpsc;
use std::time::Duration;

pub struct Sample(pub u64);

fn sample_hardware() -> Sample {
    Sample(0)
}

pub async fn overview_loop() {
    let (answer_tx, mut answer_rx) = mpsc::channel::<Sample>(1);
    let (trigger_tx, mut trigger_rx) = mpsc::channel::<()>(1);

    std::thread::spawn(move || {
        while let Some(()) = trigger_rx.blocking_recv() {
            let s = sample_hardware();
            if answer_tx.blocking_send(s).is_err() {
                break;
            }
        }
    });

    let mut interval = tokio::time::interval(Duration::from_secs(1));
    loop {
        interval.tick().await;
        let _ = trigger_tx.send(()).await;
        if let Some(sample) = answer_rx.recv().await {
            report(sample);
        }
    }
}

fn report(_s: Sample) {}
