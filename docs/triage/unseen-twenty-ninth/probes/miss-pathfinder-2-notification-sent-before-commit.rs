// Probe (written from scratch) for a missed bug in eqlabs/pathfinder.
// Fix commit: cbe47992 "fix(sync/l2): send notifications after committing storage"
// (parent e1e2d8e9; issue #2945).
//
// What goes wrong: the sync consumer writes each new block inside a database transaction and,
// while still inside it, broadcasts a "new block" notification to the RPC websocket
// subscriptions; it commits afterwards. A subscription task that receives the notification
// and reads the block (or its receipts/events) from its own connection can run before the
// commit: it finds nothing or the previous state and sends clients an inconsistent
// notification. The fix sends the notification after `commit()`.
//
// What is missing: a message (broadcast/mpsc/watch send) that announces rows written in an
// open transaction, sent before that transaction commits, to a receiver that reads those rows
// on another connection. racelint has no fact linking a send to uncommitted writes. The memory
// analogue, data published by a flag that does not order it, is reported
// (`publish_head` / `contrast_read_after_flag`, reported: relaxed-publication).
use rusqlite::{params, Connection};
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::broadcast;

pub fn consume_blocks(
    mut conn: Connection,
    blocks: std::sync::mpsc::Receiver<(i64, String)>,
    notifications: broadcast::Sender<i64>,
) -> rusqlite::Result<()> {
    while let Ok((number, hash)) = blocks.recv() {
        let tx = conn.transaction()?;
        tx.execute("INSERT INTO headers (number, hash) VALUES (?1, ?2)", params![number, hash])?;
        let _ = notifications.send(number);
        tx.commit()?;
    }
    Ok(())
}

pub async fn subscription(mut rx: broadcast::Receiver<i64>, db_path: String) {
    while let Ok(number) = rx.recv().await {
        let conn = Connection::open(&db_path).unwrap();
        let hash: Option<String> = conn
            .query_row("SELECT hash FROM headers WHERE number = ?1", params![number], |r| r.get(0))
            .ok();
        println!("new head {number}: {hash:?}");
    }
}

static READY: AtomicBool = AtomicBool::new(false);
static mut HEAD: i64 = 0;

pub fn publish_head(number: i64) {
    unsafe { HEAD = number };
    READY.store(true, Ordering::Relaxed);
}

// Contrast: reported (relaxed-publication).
pub fn contrast_read_after_flag() -> i64 {
    while !READY.load(Ordering::Relaxed) {
        std::hint::spin_loop();
    }
    unsafe { HEAD }
}
