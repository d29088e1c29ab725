// SQLite transactions are serializable: a read and a write on the transaction a helper
// opened (`with_write_txn(|txn| ..)`) cannot lose an update; a second writer fails with
// SQLITE_BUSY instead.
use rusqlite::{Connection, Transaction};

fn with_write_txn<T>(
    conn: &mut Connection,
    f: impl FnOnce(&Transaction<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    let txn = conn.transaction()?;
    let r = f(&txn)?;
    txn.commit()?;
    Ok(r)
}

pub fn unlink(conn: &mut Connection, id: i64) -> rusqlite::Result<()> {
    with_write_txn(conn, move |txn| {
        let (prev, next): (Option<i64>, Option<i64>) = txn.query_row(
            "SELECT prev, next FROM nodes WHERE id = ?",
            (id,),
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        if let Some(prev) = prev {
            txn.execute("UPDATE nodes SET next = ? WHERE id = ?", (next, prev))?;
        }
        txn.execute("DELETE FROM nodes WHERE id = ?", (id,))?;
        Ok(())
    })
}
