// A row found by its state (a pending job, an unused token), then moved out of that state by
// an UPDATE that does not test the state again: two workers find the same row and both claim
// it.

pub async fn next_job(pool: &sqlx::PgPool) -> sqlx::Result<Option<i64>> {
    let job: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM jobs WHERE status = 'pending' ORDER BY id LIMIT 1")
            .fetch_optional(pool)
            .await?;
    if let Some((id,)) = job {
        sqlx::query("UPDATE jobs SET status = 'running' WHERE id = $1") //~ sql-check-then-write
            .bind(id)
            .execute(pool)
            .await?;
        return Ok(Some(id));
    }
    Ok(None)
}

pub async fn reset_password(pool: &sqlx::PgPool, token: &str, hash: &str) -> sqlx::Result<bool> {
    let row = sqlx::query!(
        "SELECT user_id FROM reset_tokens WHERE token = $1 AND used = false",
        token
    )
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    sqlx::query!("UPDATE reset_tokens SET used = true WHERE token = $1", token) //~ sql-check-then-write
        .execute(pool)
        .await?;
    set_password(pool, row.user_id, hash).await?;
    Ok(true)
}

pub async fn take_invite(client: &tokio_postgres::Client, code: &str) -> Result<bool, tokio_postgres::Error> {
    let found = client
        .query_opt("SELECT id FROM invites WHERE code = $1 AND redeemed = false", &[&code])
        .await?;
    if found.is_some() {
        client
            .execute("UPDATE invites SET redeemed = true WHERE code = $1", &[&code]) //~ sql-check-then-write
            .await?;
        return Ok(true);
    }
    Ok(false)
}

// the head of a queue picked, used, then deleted: two workers take the same message
pub async fn deliver_next(client: &tokio_postgres::Client) -> Result<(), tokio_postgres::Error> {
    let head = client
        .query_opt("SELECT id, body FROM outbox ORDER BY created_at LIMIT 1", &[])
        .await?;
    if let Some(row) = head {
        let id: i64 = row.get(0);
        send(row.get(1)).await;
        client
            .execute("DELETE FROM outbox WHERE id = $1", &[&id]) //~ sql-check-then-write
            .await?;
    }
    Ok(())
}
