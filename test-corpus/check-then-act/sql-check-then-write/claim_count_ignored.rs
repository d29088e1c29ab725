// A one-time action claimed by a conditional UPDATE whose affected-row count is ignored:
// the WHERE clause stops the second request from changing the row, but not from going on.
// Two requests with the same token both run the UPDATE (one changes the row, the other
// changes nothing) and both grant, send or insert.
use sqlx::PgPool;

// sqlx, `execute(..).await?;` with the result dropped, then an insert.
pub async fn redeem_invite(pool: &PgPool, code: &str, user: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE invites SET used = true WHERE code = $1 AND used = false") //~ sql-check-then-write
        .bind(code)
        .execute(pool)
        .await?;
    sqlx::query("INSERT INTO members (user_id, invite_code) VALUES ($1, $2)")
        .bind(user)
        .bind(code)
        .execute(pool)
        .await?;
    Ok(())
}

// sqlx macro, `let _ =`, then a credit.
pub async fn use_gift_card(pool: &PgPool, card: i64, account: i64, amount: i64) -> anyhow::Result<()> {
    let _ = sqlx::query!( //~ sql-check-then-write
        "UPDATE gift_cards SET redeemed_at = now() WHERE id = $1 AND redeemed_at IS NULL",
        card
    )
    .execute(pool)
    .await;
    sqlx::query!(
        "UPDATE accounts SET balance = balance + $1 WHERE id = $2",
        amount,
        account
    )
    .execute(pool)
    .await?;
    Ok(())
}

// tokio-postgres, in a service method: a conditional decrement whose count is dropped.
pub struct Shop {
    client: tokio_postgres::Client,
}

impl Shop {
    pub async fn buy(&self, item: i64, buyer: i64) -> Result<(), tokio_postgres::Error> {
        self.client
            .execute( //~ sql-check-then-write
                "UPDATE items SET stock = stock - 1 WHERE id = $1 AND stock > 0",
                &[&item],
            )
            .await?;
        self.client
            .execute(
                "INSERT INTO orders (item_id, buyer_id) VALUES ($1, $2)",
                &[&item, &buyer],
            )
            .await?;
        Ok(())
    }
}

// rusqlite, `.ok()` on the claim, then the job is recorded as started.
pub fn start_job(conn: &rusqlite::Connection, job: i64, worker: &str) -> rusqlite::Result<()> {
    conn.execute( //~ sql-check-then-write
        "UPDATE jobs SET state = 'running' WHERE id = ?1 AND state = 'queued'",
        [job],
    )
    .ok();
    conn.execute(
        "INSERT INTO job_runs (job_id, worker) VALUES (?1, ?2)",
        rusqlite::params![job, worker],
    )?;
    Ok(())
}
