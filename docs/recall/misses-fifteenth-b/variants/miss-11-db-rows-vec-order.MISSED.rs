// #11 variant: control in the database: the same loop as `SELECT .. FOR UPDATE` per id in the
// caller's order inside one transaction
pub async fn alter(pool: &sqlx::PgPool, ids: Vec<i64>) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    for id in ids {
        sqlx::query("SELECT id FROM regions WHERE id = $1 FOR UPDATE")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
