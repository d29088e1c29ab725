// Claims that cannot be taken twice.

// the UPDATE tests the state again and its row count decides
pub async fn next_job(pool: &sqlx::PgPool) -> sqlx::Result<Option<i64>> {
    let job: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM jobs WHERE status = 'pending' ORDER BY id LIMIT 1")
            .fetch_optional(pool)
            .await?;
    if let Some((id,)) = job {
        let n = sqlx::query("UPDATE jobs SET status = 'running' WHERE id = $1 AND status = 'pending'")
            .bind(id)
            .execute(pool)
            .await?
            .rows_affected();
        return Ok((n == 1).then_some(id));
    }
    Ok(None)
}

// the SELECT locks the row it found, skipping rows other workers hold
pub async fn next_job_locked(tx: &mut sqlx::PgConnection) -> sqlx::Result<Option<i64>> {
    let job: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM jobs WHERE status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
    )
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((id,)) = job {
        sqlx::query("UPDATE jobs SET status = 'running' WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        return Ok(Some(id));
    }
    Ok(None)
}

// the UPDATE touches another column: the row stays pending
pub async fn bump_attempts(pool: &sqlx::PgPool) -> sqlx::Result<()> {
    let job: Option<(i64,)> = sqlx::query_as("SELECT id FROM jobs WHERE status = 'pending' LIMIT 1")
        .fetch_optional(pool)
        .await?;
    if let Some((id,)) = job {
        sqlx::query("UPDATE jobs SET seen_at = now() WHERE id = $1")
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(())
}

// the head is locked (`SKIP LOCKED`) in the transaction that deletes it
pub async fn deliver_next(tx: &tokio_postgres::Transaction<'_>) -> Result<(), tokio_postgres::Error> {
    let head = tx
        .query_opt(
            "SELECT id, body FROM outbox ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED",
            &[],
        )
        .await?;
    if let Some(row) = head {
        let id: i64 = row.get(0);
        send(row.get(1)).await;
        tx.execute("DELETE FROM outbox WHERE id = $1", &[&id]).await?;
    }
    Ok(())
}

// a row named by its key, then deleted: a delete handler, not a queue
pub async fn delete_message(client: &tokio_postgres::Client, id: i64) -> Result<bool, tokio_postgres::Error> {
    let found = client
        .query_opt("SELECT id FROM outbox WHERE id = $1", &[&id])
        .await?;
    if found.is_some() {
        client.execute("DELETE FROM outbox WHERE id = $1", &[&id]).await?;
        return Ok(true);
    }
    Ok(false)
}
