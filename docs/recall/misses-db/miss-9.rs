// miss-9: monotonic cache column overwritten by an upsert with an app-computed max.
// Two concurrent pushes each compute their own max idx and write it with
// `DO UPDATE SET idx = $2`; the later commit wins even if its max is lower (regression).
// Fix is `SET idx = greatest(store_idx_cache.idx, EXCLUDED.idx)`.
// Expected: a lost-update finding (sql-read-then-write-like) at line 20: the row's old
// value is never read, so sql-read-then-write does not apply; racelint reports nothing.
use std::collections::HashMap;

pub async fn push(pool: &sqlx::PgPool, user: i64, records: &[(String, i64)]) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let mut heads: HashMap<&str, i64> = HashMap::new();
    for (tag, idx) in records {
        let e = heads.entry(tag.as_str()).or_insert(*idx);
        if *idx > *e {
            *e = *idx;
        }
    }
    for (tag, idx) in heads {
        sqlx::query(
            "INSERT INTO store_idx_cache (user_id, tag, idx) VALUES ($1, $2, $3) ON CONFLICT (user_id, tag) DO UPDATE SET idx = $3", // EXPECTED
        )
        .bind(user)
        .bind(tag)
        .bind(idx)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}
