// A name bound by an earlier `if let` or match arm is out of scope later: a later `e` is
// another value, not the one computed from the load (rsky's firehose ingester shape: the
// cursor is loaded on shutdown, and the sequence of each new event is stored).
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

fn save(_: i64) -> Result<(), String> {
    Ok(())
}

fn parse(b: &[u8]) -> Result<i64, String> {
    b.first().map(|x| *x as i64).ok_or_else(|| "empty".to_string())
}

pub fn ingest(frames: Vec<Vec<u8>>, stop: bool) {
    let last_seq = Arc::new(AtomicI64::new(0));
    let saver = Arc::clone(&last_seq);
    std::thread::spawn(move || {
        let _ = save(saver.load(Ordering::Relaxed));
    });
    for data in frames {
        if stop {
            let final_seq = last_seq.load(Ordering::Relaxed);
            if let Err(e) = save(final_seq) {
                eprintln!("{e}");
            }
            return;
        }
        let seq = match parse(&data) {
            Ok(e) => e,
            Err(_) => continue,
        };
        last_seq.store(seq, Ordering::Relaxed);
    }
}
