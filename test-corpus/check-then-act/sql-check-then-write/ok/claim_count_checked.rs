// The conditional UPDATE's row count decides: only the request that changed the row goes on.
use sqlx::PgPool;

pub async fn redeem_invite(pool: &PgPool, code: &str, user: i64) -> anyhow::Result<()> {
    let res = sqlx::query("UPDATE invites SET used = true WHERE code = $1 AND used = false")
        .bind(code)
        .execute(pool)
        .await?;
    if res.rows_affected() == 0 {
        anyhow::bail!("invite already used");
    }
    sqlx::query("INSERT INTO members (user_id, invite_code) VALUES ($1, $2)")
        .bind(user)
        .bind(code)
        .execute(pool)
        .await?;
    Ok(())
}

// `RETURNING` with `fetch_optional`, the row checked.
pub async fn use_gift_card(pool: &PgPool, card: i64, account: i64) -> anyhow::Result<()> {
    let claimed: Option<i64> = sqlx::query_scalar(
        "UPDATE gift_cards SET redeemed_at = now() WHERE id = $1 AND redeemed_at IS NULL RETURNING amount",
    )
    .bind(card)
    .fetch_optional(pool)
    .await?;
    let Some(amount) = claimed else {
        anyhow::bail!("already redeemed");
    };
    sqlx::query("UPDATE accounts SET balance = balance + $1 WHERE id = $2")
        .bind(amount)
        .bind(account)
        .execute(pool)
        .await?;
    Ok(())
}

pub struct Shop {
    client: tokio_postgres::Client,
}

impl Shop {
    // the count compared inline
    pub async fn buy(&self, item: i64, buyer: i64) -> Result<bool, tokio_postgres::Error> {
        if self
            .client
            .execute("UPDATE items SET stock = stock - 1 WHERE id = $1 AND stock > 0", &[&item])
            .await?
            != 1
        {
            return Ok(false);
        }
        self.client
            .execute(
                "INSERT INTO orders (item_id, buyer_id) VALUES ($1, $2)",
                &[&item, &buyer],
            )
            .await?;
        Ok(true)
    }
}

// rusqlite: `match` on the count.
pub fn start_job(conn: &rusqlite::Connection, job: i64, worker: &str) -> rusqlite::Result<bool> {
    match conn.execute(
        "UPDATE jobs SET state = 'running' WHERE id = ?1 AND state = 'queued'",
        [job],
    )? {
        0 => Ok(false),
        _ => {
            conn.execute(
                "INSERT INTO job_runs (job_id, worker) VALUES (?1, ?2)",
                rusqlite::params![job, worker],
            )?;
            Ok(true)
        }
    }
}

// A conditional UPDATE with nothing after it: the count has nothing to decide.
pub async fn mark_read(pool: &PgPool, user: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE notifications SET seen = true WHERE user_id = $1 AND seen = false")
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}

// Not conditional on the column it changes: the WHERE only names the row.
pub async fn rename(pool: &PgPool, id: i64, name: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE teams SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(pool)
        .await?;
    sqlx::query("INSERT INTO audit (team_id, what) VALUES ($1, 'rename')")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

// Skips a no-op write: the WHERE compares the column with the value it writes.
pub async fn set_email(pool: &PgPool, id: i64, email: &str) -> anyhow::Result<()> {
    sqlx::query("UPDATE users SET email = $1 WHERE id = $2 AND email <> $1")
        .bind(email)
        .bind(id)
        .execute(pool)
        .await?;
    sqlx::query("INSERT INTO audit (user_id, what) VALUES ($1, 'email')")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

// The act is in the other branch: it never follows the claim.
pub async fn claim_or_log(pool: &PgPool, id: i64, claim: bool) -> anyhow::Result<()> {
    if claim {
        sqlx::query("UPDATE jobs SET state = 'running' WHERE id = $1 AND state = 'queued'")
            .bind(id)
            .execute(pool)
            .await?;
    } else {
        sqlx::query("INSERT INTO job_log (job_id) VALUES ($1)")
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(())
}

// In a SERIALIZABLE transaction the second claim fails to commit.
pub async fn redeem_serial(pool: &PgPool, code: &str, user: i64) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE invites SET used = true WHERE code = $1 AND used = false")
        .bind(code)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO members (user_id, invite_code) VALUES ($1, $2)")
        .bind(user)
        .bind(code)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

// Every open session of a user closed in bulk, then a new one: no row is claimed.
pub async fn login(pool: &PgPool, user: i64) -> anyhow::Result<()> {
    sqlx::query("UPDATE sessions SET closed = true WHERE user_id = $1 AND closed = false")
        .bind(user)
        .execute(pool)
        .await?;
    sqlx::query("INSERT INTO sessions (user_id) VALUES ($1)")
        .bind(user)
        .execute(pool)
        .await?;
    Ok(())
}
