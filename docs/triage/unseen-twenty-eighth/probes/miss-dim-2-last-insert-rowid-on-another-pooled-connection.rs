// Probe (written from scratch) for a missed bug in Dusk-Labs/dim.
// Fix commit: 27822849 "fixed race condition with last_row_id racing for sqlite" (parent
// 5fa87e02).
//
// What goes wrong: `InsertableMediaFile::insert` ran `INSERT INTO mediafile ..` and then
// `SELECT last_insert_rowid()` as two separate calls on the connection *pool*
// (`execute_async(pool)`, `get_result_async(pool)`), each of which checks a connection out.
// `last_insert_rowid()` is per connection: when the scanner's concurrent matches (`join_all`)
// insert at the same time, the SELECT runs on another connection and returns the id of another
// task's row (or of an older one), and the file is linked to the wrong media. The fix runs both
// statements in one transaction, on one connection.
//
// What is missing: statements whose meaning depends on connection state (`last_insert_rowid()`,
// `LAST_INSERT_ID()`, `currval`, session variables, temporary tables, `SET ..`) issued as
// separate calls on a pool rather than on one checked-out connection or transaction. No rule
// expresses it; the nearest shape racelint reports is a SELECT then INSERT on the pool
// (`contrast_select_then_insert`, reported: store-check-then-insert).
use sqlx::SqlitePool;

pub async fn insert_file(pool: &SqlitePool, path: &str) -> Result<i64, sqlx::Error> {
    sqlx::query("INSERT INTO mediafile (path) VALUES (?)")
        .bind(path)
        .execute(pool)
        .await?;
    let id: i64 = sqlx::query_scalar("SELECT last_insert_rowid()")
        .fetch_one(pool)
        .await?;
    Ok(id)
}

// Contrast: reported (store-check-then-insert).
pub async fn contrast_select_then_insert(pool: &SqlitePool, path: &str) -> Result<(), sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM mediafile WHERE path = ?")
        .bind(path)
        .fetch_optional(pool)
        .await?;
    if found.is_none() {
        sqlx::query("INSERT INTO mediafile (path) VALUES (?)")
            .bind(path)
            .execute(pool)
            .await?;
    }
    Ok(())
}

pub async fn scan(pool: SqlitePool, files: Vec<String>) {
    let tasks = files.into_iter().map(|f| {
        let p = pool.clone();
        async move { insert_file(&p, &f).await }
    });
    futures::future::join_all(tasks).await;
}
