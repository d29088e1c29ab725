use std::collections::HashMap;
use sqlx::{Postgres, Transaction};
pub async fn alter_regions(tx: &mut Transaction<'_, Postgres>, requests: HashMap<i64, String>) -> sqlx::Result<()> {
    for (id, _) in &requests {
        sqlx::query("SELECT id FROM regions WHERE id = $1 FOR UPDATE").bind(id).execute(&mut **tx).await?;
    }
    Ok(())
}
