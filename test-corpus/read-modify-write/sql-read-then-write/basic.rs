// Positive cases of `sql-read-then-write`: a column is SELECTed and an UPDATE writes back a
// value computed from it in application code.

use rusqlite::{params, Connection};
use sqlx::{MySqlPool, PgPool};
use tokio_postgres::Client;

// sqlx with `$n` placeholders.
pub async fn like(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    let likes: i64 = sqlx::query_scalar("SELECT likes FROM posts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    sqlx::query("UPDATE posts SET likes = $1 WHERE id = $2") //~ sql-read-then-write
        .bind(likes + 1)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

// tokio-postgres: the value taken from the row, the parameters in a slice.
pub async fn reserve(client: &Client, product: i32, qty: i32) -> Result<(), tokio_postgres::Error> {
    let row = client
        .query_one("SELECT stock FROM products WHERE id = $1", &[&product])
        .await?;
    let stock: i32 = row.get("stock");
    client
        .execute( //~ sql-read-then-write
            "UPDATE products SET stock = $1 WHERE id = $2",
            &[&(stock - qty), &product],
        )
        .await?;
    Ok(())
}

// rusqlite (synchronous, `?N` placeholders): the SQL text is the store evidence.
pub fn count_view(conn: &Connection, path: &str) -> rusqlite::Result<()> {
    let views: i64 = conn.query_row("SELECT views FROM pages WHERE path = ?1", params![path], |r| r.get(0))?;
    conn.execute("UPDATE pages SET views = ?1 WHERE path = ?2", params![views + 1, path])?; //~ sql-read-then-write
    Ok(())
}

// query! macros inside a transaction that does not lock the row: READ COMMITTED lets
// another transaction update the wallet between the SELECT and the UPDATE.
pub async fn credit(pool: &PgPool, user_id: i64, amount: i64) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let rec = sqlx::query!("SELECT balance FROM wallets WHERE user_id = $1", user_id)
        .fetch_one(&mut *tx)
        .await?;
    let new_balance = rec.balance + amount;
    sqlx::query!("UPDATE wallets SET balance = $1 WHERE user_id = $2", new_balance, user_id) //~ sql-read-then-write
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub struct Stats {
    pool: MySqlPool,
}

const READ_COUNTER: &str = "SELECT counter FROM stats WHERE name = ?";
const WRITE_COUNTER: &str = "UPDATE stats SET counter = ? WHERE name = ?";

impl Stats {
    // MySQL `?` placeholders, the SQL in constants, the pool in a field.
    pub async fn bump(&self, name: &str) -> sqlx::Result<()> {
        let (n,): (i64,) = sqlx::query_as(READ_COUNTER)
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        sqlx::query(WRITE_COUNTER).bind(n + 1).bind(name).execute(&self.pool).await?; //~ sql-read-then-write
        Ok(())
    }
}
