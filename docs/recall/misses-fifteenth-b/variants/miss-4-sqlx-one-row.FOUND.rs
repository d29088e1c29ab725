// #4 variant: one row in SQL text with sqlx (the corpus claim shape, `fetch_optional` + `= $1`)
pub async fn lease(pool: &sqlx::PgPool, me: &str) -> sqlx::Result<Option<String>> {
    let id: Option<String> =
        sqlx::query_scalar("SELECT id FROM jobs WHERE status = 0 ORDER BY ts LIMIT 1")
            .fetch_optional(pool)
            .await?;
    if let Some(id) = id {
        sqlx::query("UPDATE jobs SET status = 1, claimed_by = $1 WHERE id = $2")
            .bind(me)
            .bind(&id)
            .execute(pool)
            .await?;
        return Ok(Some(id));
    }
    Ok(None)
}
