// #17 variant: both locking SELECTs written inline with sqlx in one transaction
pub async fn load_exclusively(pool: &sqlx::PgPool, id: &str) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let (lookup,): (String,) =
        sqlx::query_as("SELECT request_lookup_id FROM melt_quote WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let _siblings: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM melt_quote WHERE request_lookup_id = $1 FOR UPDATE")
            .bind(&lookup)
            .fetch_all(&mut *tx)
            .await?;
    tx.commit().await
}
