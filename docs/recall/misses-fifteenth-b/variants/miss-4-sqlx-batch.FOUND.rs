// #4 variant: the same batch claim in SQL text with sqlx
pub async fn lease(pool: &sqlx::PgPool, limit: i64, me: &str) -> sqlx::Result<Vec<String>> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM jobs WHERE status = 0 ORDER BY ts LIMIT $1")
            .bind(limit)
            .fetch_all(pool)
            .await?;
    if ids.is_empty() {
        return Ok(vec![]);
    }
    sqlx::query("UPDATE jobs SET status = 1, claimed_by = $1 WHERE id = ANY($2)")
        .bind(me)
        .bind(&ids)
        .execute(pool)
        .await?;
    Ok(ids)
}
