// Expected: double-lock (lock-order) at line 25: a transaction `txn` is open on the database
// (`conn.begin().await`, line 21) and, before it commits, a write is issued through the plain
// connection `db.conn()` instead of through `txn`. With SQLite (one writer at a time) the
// second statement waits for the first transaction's lock, which is only released by the
// commit that comes after it: SQLITE_BUSY / self-deadlock. racelint's DB rules track
// read-then-write on ORM records; they do not treat an open transaction as a held lock nor a
// statement on the pool/connection (not the txn) inside its scope as a second acquisition.
// (From spacedrive e2bda37b6 "use delete_subtree_in_txn to prevent database deadlock".)
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement, TransactionTrait};

pub struct Db { conn: DatabaseConnection }
impl Db { pub fn conn(&self) -> &DatabaseConnection { &self.conn } }

async fn delete_subtree<C: ConnectionTrait>(entry: i64, c: &C) -> Result<(), DbErr> {
    c.execute(Statement::from_string(c.get_database_backend(),
        format!("DELETE FROM entry WHERE parent_id = {entry}"))).await?;
    Ok(())
}

pub async fn remove_location(db: &Db, location_id: i64, entry_id: i64) -> Result<(), DbErr> {
    let txn = db.conn().begin().await?;
    txn.execute(Statement::from_string(txn.get_database_backend(),
        format!("UPDATE location SET deleting = 1 WHERE id = {location_id}"))).await?;
    // should be `delete_subtree(entry_id, &txn)`
    delete_subtree(entry_id, db.conn()).await?;
    txn.execute(Statement::from_string(txn.get_database_backend(),
        format!("DELETE FROM location WHERE id = {location_id}"))).await?;
    txn.commit().await
}
