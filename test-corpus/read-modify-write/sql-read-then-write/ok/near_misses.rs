// Near misses of `sql-read-then-write` that must stay silent.

use rusqlite::{params, Connection};
use sqlx::PgPool;

// The atomic rewrite: one UPDATE computes the new value.
pub async fn like(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE posts SET likes = likes + 1 WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

// The row is locked by `SELECT … FOR UPDATE` inside the transaction.
pub async fn like_locked(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let likes: i64 = sqlx::query_scalar("SELECT likes FROM posts WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("UPDATE posts SET likes = $1 WHERE id = $2")
        .bind(likes + 1)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

// Optimistic concurrency: the UPDATE checks the version it read and the caller retries.
pub async fn like_versioned(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    loop {
        let (likes, version): (i64, i64) =
            sqlx::query_as("SELECT likes, version FROM posts WHERE id = $1")
                .bind(id)
                .fetch_one(pool)
                .await?;
        let done = sqlx::query("UPDATE posts SET likes = $1, version = version + 1 WHERE id = $2 AND version = $3")
            .bind(likes + 1)
            .bind(id)
            .bind(version)
            .execute(pool)
            .await?;
        if done.rows_affected() == 1 {
            return Ok(());
        }
    }
}

// A SERIALIZABLE transaction: the database aborts one of two conflicting updates.
pub async fn like_serializable(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
        .execute(&mut *tx)
        .await?;
    let likes: i64 = sqlx::query_scalar("SELECT likes FROM posts WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("UPDATE posts SET likes = $1 WHERE id = $2")
        .bind(likes + 1)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

// The value read does not flow into the write.
pub async fn rename(pool: &PgPool, id: i64, title: &str) -> sqlx::Result<()> {
    let old: String = sqlx::query_scalar("SELECT title FROM posts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    tracing::info!(%old, "renaming");
    sqlx::query("UPDATE posts SET title = $1 WHERE id = $2")
        .bind(title)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

// A value read from one row and written to another row.
pub async fn copy_likes(pool: &PgPool, from: i64, to: i64) -> sqlx::Result<()> {
    let likes: i64 = sqlx::query_scalar("SELECT likes FROM posts WHERE id = $1")
        .bind(from)
        .fetch_one(pool)
        .await?;
    sqlx::query("UPDATE posts SET likes = $1 WHERE id = $2")
        .bind(likes * 2)
        .bind(to)
        .execute(pool)
        .await?;
    Ok(())
}

// SQLite inside a transaction: SQLite serializes writers, the second one fails with BUSY.
pub fn count_view(conn: &mut Connection, path: &str) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    let views: i64 = tx.query_row("SELECT views FROM pages WHERE path = ?1", params![path], |r| r.get(0))?;
    tx.execute("UPDATE pages SET views = ?1 WHERE path = ?2", params![views + 1, path])?;
    tx.commit()
}
