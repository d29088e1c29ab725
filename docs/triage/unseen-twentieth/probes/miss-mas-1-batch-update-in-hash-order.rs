// Miss, matrix-authentication-service 062d554a (parent 305914ee),
// crates/storage-pg/src/{user,oauth2,compat}/session.rs `record_batch_activity`.
// Written from scratch. Each server replica buffers "last seen" times in a HashMap and flushes
// them with ONE batched UPDATE over arrays (`UPDATE .. FROM UNNEST($1, $2) WHERE id = t.id`).
// The arrays are filled by iterating the HashMap, so two replicas flushing overlapping session
// ids lock those rows in different orders and Postgres aborts one of them with a deadlock
// error (the fix sorts the ids first). racelint's db-row-lock-order reports the per-row form
// (`flush_per_row`, the contrast: one UPDATE per map element in a `for` loop) but not the
// batched form: the hash order travels through a Vec into the bound array of one statement.
use sqlx::{Postgres, Transaction};
use std::collections::HashMap;

pub struct Activity {
    pending: HashMap<i64, i64>, // session id -> last seen (epoch secs)
}

impl Activity {
    pub async fn flush_batched(&mut self, tx: &mut Transaction<'_, Postgres>) -> sqlx::Result<()> {
        let mut ids = Vec::with_capacity(self.pending.len());
        let mut seen = Vec::with_capacity(self.pending.len());
        for (id, at) in self.pending.drain() {
            ids.push(id);
            seen.push(at);
        }
        sqlx::query(
            "UPDATE sessions SET last_seen = GREATEST(sessions.last_seen, t.at) \
             FROM UNNEST($1::bigint[], $2::bigint[]) AS t(id, at) WHERE sessions.id = t.id",
        )
        .bind(&ids)
        .bind(&seen)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    // Contrast: reported (db-row-lock-order, hash order).
    pub async fn flush_per_row(&mut self, tx: &mut Transaction<'_, Postgres>) -> sqlx::Result<()> {
        for (id, at) in &self.pending {
            sqlx::query("UPDATE sessions SET last_seen = GREATEST(last_seen, $1) WHERE id = $2")
                .bind(at)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }
}
