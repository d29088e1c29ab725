// Request and reply in lockstep: the requesting loop sends one request and then waits for its
// reply before it sends the next; the serving loop receives a request and then sends one
// reply. At most one message is in flight in the whole cycle, so neither bounded channel can
// be full when it is sent into: no wait cycle.
use std::time::Duration;
use tokio::sync::mpsc;

pub struct Sample(pub u64);

fn sample_hardware() -> Sample {
    Sample(0)
}

fn report(_s: Sample) {}

// a tokio task asking a sampler thread, once a second
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

// two threads with std's sync channels: a console thread and a command worker
pub fn console() {
    let (line_tx, line_rx) = std::sync::mpsc::sync_channel::<String>(1);
    let (reply_tx, reply_rx) = std::sync::mpsc::sync_channel::<String>(1);
    std::thread::spawn(move || {
        for line in line_rx {
            let out = format!("ran {line}");
            reply_tx.send(out).unwrap();
        }
    });
    std::thread::spawn(move || {
        loop {
            let line = read_line();
            if line_tx.send(line).is_err() {
                break;
            }
            let Ok(reply) = reply_rx.recv() else { break };
            println!("{reply}");
        }
    });
}

fn read_line() -> String {
    String::new()
}
