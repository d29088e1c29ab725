// miss-7: a DB advisory lock taken and released by hand; a `?` between them leaks the
// lock on error (the pooled connection keeps it, later runs never get it).
// Expected: a lock-order/leak finding at line 22 (`?` return while the advisory lock from
// line 17 is held, release at line 25 skipped). racelint has no rule for manual
// acquire/release pairs.
use sqlx::PgPool;

async fn release(conn: &mut sqlx::PgConnection, key: i64) {
    let _ = sqlx::query("SELECT pg_advisory_unlock($1)").bind(key).execute(conn).await;
}

pub async fn revert(pool: &PgPool, id: &str) -> Result<bool, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let key = 42_i64;
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(key)
        .fetch_one(&mut *conn) // lock taken
        .await?;
    if !got {
        return Ok(false);
    }
    let applied: Vec<String> = sqlx::query_scalar("SELECT id FROM migrations WHERE ok").fetch_all(pool).await?; // EXPECTED: early return keeps the lock
    let found = applied.iter().any(|a| a == id);
    sqlx::query("DELETE FROM migrations WHERE id = $1").bind(id).execute(pool).await?;
    release(&mut conn, key).await;
    Ok(found)
}
