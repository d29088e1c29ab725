// #11 variant: control in the database: one `UPDATE` per key of a HashMap in one transaction
use std::collections::HashMap;

pub async fn alter(pool: &sqlx::PgPool, reqs: &HashMap<i64, String>) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    for (id, col) in reqs {
        sqlx::query("UPDATE regions SET cols = cols || $1 WHERE id = $2")
            .bind(col)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
