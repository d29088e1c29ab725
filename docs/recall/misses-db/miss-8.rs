// miss-8: row-lock order between two transactions on two tables (deadlock).
// `build` locks the queue row FOR UPDATE, then updates the release row;
// `delete_crate` deletes the release rows, then the queue row: opposite order.
// Expected: db-row-lock-order (documented in README) at line 21 / line 13.
// The binary e556bef has no db-row-lock-order rule (`racelint rule db-row-lock-order`
// -> unknown rule), so nothing is reported. In docs.rs the second table was even written
// through an `impl FnOnce` build callback in another crate.
use sqlx::{Acquire, PgPool};

pub async fn build(pool: &PgPool, name: &str) -> sqlx::Result<()> {
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin().await?;
    sqlx::query("SELECT id FROM queue WHERE name = $1 FOR UPDATE").bind(name).execute(&mut *tx).await?;
    sqlx::query("UPDATE releases SET built = true WHERE name = $1").bind(name).execute(&mut *tx).await?;
    tx.commit().await
}

pub async fn delete_crate(pool: &PgPool, name: &str) -> sqlx::Result<()> {
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin().await?;
    sqlx::query("DELETE FROM releases WHERE name = $1").bind(name).execute(&mut *tx).await?;
    sqlx::query("DELETE FROM queue WHERE name = $1").bind(name).execute(&mut *tx).await?;
    tx.commit().await
}
