// Near misses: every check and its act run on one SQLite connection behind a mutex whose
// guard is held over both. Every other writer waits for the guard, so none comes between.

use std::sync::{Arc, Mutex};

// rusqlite: the connection is the guard, held over the SELECT and the UPDATE.
pub struct Seats {
    conn: Mutex<rusqlite::Connection>,
}

impl Seats {
    pub fn take(&self, flight: i64) -> rusqlite::Result<bool> {
        let conn = self.conn.lock().unwrap();
        let left: i64 = conn.query_row(
            "SELECT seats_left FROM flights WHERE id = ?1",
            [flight],
            |r| r.get(0),
        )?;
        if left > 0 {
            conn.execute(
                "UPDATE flights SET seats_left = ?1 WHERE id = ?2",
                rusqlite::params![left - 1, flight],
            )?;
            return Ok(true);
        }
        Ok(false)
    }
}

// The same in a thread's closure, which locks the shared connection itself.
pub fn take_in_threads(conn: Arc<Mutex<rusqlite::Connection>>) {
    for flight in 0..4i64 {
        let conn = conn.clone();
        std::thread::spawn(move || {
            let conn = conn.lock().unwrap();
            let left: i64 = conn
                .query_row("SELECT seats_left FROM flights WHERE id = ?1", [flight], |r| r.get(0))
                .unwrap();
            if left > 0 {
                conn.execute(
                    "UPDATE flights SET seats_left = ?1 WHERE id = ?2",
                    rusqlite::params![left - 1, flight],
                )
                .unwrap();
            }
        });
    }
}
