// #17 variant: the control (two single-row locks by two parameters) with the SQL built by
// `format!` and a conditional `FOR UPDATE` clause, as the real query helpers do
async fn get_quote(tx: &mut sqlx::PgConnection, id: &str, for_update: bool) -> sqlx::Result<()> {
    let clause = if for_update { "FOR UPDATE" } else { "" };
    let q = format!("SELECT id FROM melt_quote WHERE id = $1 {clause}");
    sqlx::query(&q).bind(id).execute(&mut *tx).await?;
    Ok(())
}

pub async fn lock_pair(pool: &sqlx::PgPool, a: &str, b: &str) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    get_quote(&mut tx, a, true).await?;
    get_quote(&mut tx, b, true).await?;
    tx.commit().await
}
