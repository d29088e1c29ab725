// SQLite locks the whole database: no row-lock order.

use sqlx::{Sqlite, Transaction};
use std::collections::HashMap;

pub async fn apply(tx: &mut Transaction<'_, Sqlite>, counts: &HashMap<i64, i64>) -> sqlx::Result<()> {
    for (id, n) in counts {
        sqlx::query("UPDATE items SET stock = stock - ?1 WHERE id = ?2")
            .bind(n)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
