// #17 variant: control: two single-row `FOR UPDATE` locks by two parameters (argument order)
pub async fn lock_pair(pool: &sqlx::PgPool, a: &str, b: &str) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT id FROM melt_quote WHERE id = $1 FOR UPDATE")
        .bind(a)
        .execute(&mut *tx)
        .await?;
    sqlx::query("SELECT id FROM melt_quote WHERE id = $1 FOR UPDATE")
        .bind(b)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}
