// Positive cases of `sql-check-then-write`: a value SELECTed is tested in application code and
// a later write does not re-check it.

use rusqlite::{params, Connection};
use sqlx::PgPool;
use tokio_postgres::Client;

// The seed bug: the balance is checked, then overwritten with a value computed from it.
pub async fn withdraw(pool: &PgPool, id: i64, amount: i64) -> anyhow::Result<()> {
    let balance: i64 = sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    if balance >= amount {
        sqlx::query("UPDATE accounts SET balance = $1 WHERE id = $2") //~ sql-check-then-write
            .bind(balance - amount)
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(())
}

pub struct Account {
    pub id: i64,
    pub balance: i64,
}

// The guard form, with an atomic decrement that still does not re-check the balance.
pub async fn pay(pool: &PgPool, id: i64, amount: i64) -> anyhow::Result<()> {
    let acct: Account = sqlx::query_as("SELECT id, balance FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    if acct.balance < amount {
        return Err(anyhow::anyhow!("insufficient funds"));
    }
    sqlx::query("UPDATE accounts SET balance = balance - $1 WHERE id = $2") //~ sql-check-then-write
        .bind(amount)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

// tokio-postgres: the last seat sold twice.
pub async fn book_seat(client: &Client, flight: i64) -> Result<bool, tokio_postgres::Error> {
    let row = client
        .query_one("SELECT seats_left FROM flights WHERE id = $1", &[&flight])
        .await?;
    let left: i32 = row.get(0);
    if left > 0 {
        client
            .execute("UPDATE flights SET seats_left = seats_left - 1 WHERE id = $1", &[&flight]) //~ sql-check-then-write
            .await?;
        return Ok(true);
    }
    Ok(false)
}

// A capacity check with COUNT(*) before an INSERT.
pub async fn register(pool: &PgPool, event: i64, user: i64, capacity: i64) -> anyhow::Result<()> {
    let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE event_id = $1")
        .bind(event)
        .fetch_one(pool)
        .await?;
    if taken < capacity {
        sqlx::query("INSERT INTO bookings (event_id, user_id) VALUES ($1, $2)") //~ sql-check-then-write
            .bind(event)
            .bind(user)
            .execute(pool)
            .await?;
    }
    Ok(())
}

// rusqlite with `ensure!` as the check.
pub fn take_stock(conn: &Connection, item: i64, qty: i64) -> anyhow::Result<()> {
    let stock: i64 = conn.query_row("SELECT stock FROM items WHERE id = ?1", [item], |r| r.get(0))?;
    anyhow::ensure!(stock >= qty, "out of stock");
    conn.execute("UPDATE items SET stock = ?1 WHERE id = ?2", params![stock - qty, item])?; //~ sql-check-then-write
    Ok(())
}

pub struct AuthCode {
    pub client_id: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

// A one-time authorization code: checked, then deleted without checking that this request
// deleted it. Two concurrent token requests both redeem the same code.
pub async fn redeem(pool: &PgPool, code: &str, client_id: &str) -> anyhow::Result<String> {
    let auth: AuthCode = sqlx::query_as!(
        AuthCode,
        "SELECT client_id, expires_at FROM authorization_codes WHERE code = $1",
        code
    )
    .fetch_one(pool)
    .await?;
    if chrono::Utc::now() > auth.expires_at || auth.client_id != client_id {
        anyhow::bail!("invalid_grant");
    }
    sqlx::query!("DELETE FROM authorization_codes WHERE code = $1", code) //~ sql-check-then-write
        .execute(pool)
        .await?;
    Ok(issue_token(client_id))
}
