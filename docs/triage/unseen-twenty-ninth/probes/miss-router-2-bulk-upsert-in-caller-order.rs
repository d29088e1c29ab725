// Probe (written from scratch) for a missed bug in apollographql/router.
// Fix commit: 66f25680 "fix(response_cache): order inserts to prevent deadlocks caused by
// conflicting order of lock acquisition (#8005)" (parent 6d450102).
//
// What goes wrong: the Postgres response cache stores the entities of one subgraph response in
// one transaction with a single bulk upsert: `INSERT INTO cache (cache_key, ..) SELECT * FROM
// UNNEST($1::VARCHAR[], ..) ON CONFLICT (cache_key) DO UPDATE ..`. The upsert locks the
// conflicting rows in the order of the arrays, which is the order of the entities in the
// response. Two concurrent requests that cache an overlapping set of entities in different
// orders each lock one key and wait for the other's: Postgres detects the deadlock and aborts
// one transaction; that response is not cached and an error is logged. The fix sorts the batch
// by cache key before building the arrays.
//
// What is missing: db-row-lock-order knows hash order (one statement per element of a
// HashMap in a `for` loop), argument order and table order. A bulk upsert whose rows come from
// a caller-supplied `Vec` (UNNEST arrays, a multi-row VALUES) locks in that Vec's order, which
// is the same hazard in one statement. The per-element loop over a HashMap is reported
// (`contrast_hash_order`, reported: db-row-lock-order).
use sqlx::{PgPool, Postgres, Transaction};
use std::collections::HashMap;

pub struct Doc {
    pub cache_key: String,
    pub data: String,
}

pub async fn insert_in_batch(pool: &PgPool, docs: Vec<Doc>) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let keys: Vec<String> = docs.iter().map(|d| d.cache_key.clone()).collect();
    let data: Vec<String> = docs.iter().map(|d| d.data.clone()).collect();
    sqlx::query(
        "INSERT INTO cache (cache_key, data) SELECT * FROM UNNEST($1::VARCHAR[], $2::TEXT[]) \
         ON CONFLICT (cache_key) DO UPDATE SET data = excluded.data",
    )
    .bind(&keys)
    .bind(&data)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

// Contrast: reported (db-row-lock-order).
pub async fn contrast_hash_order(tx: &mut Transaction<'_, Postgres>, docs: &HashMap<String, String>) -> sqlx::Result<()> {
    for (key, data) in docs {
        sqlx::query(
            "INSERT INTO cache (cache_key, data) VALUES ($1, $2) \
             ON CONFLICT (cache_key) DO UPDATE SET data = excluded.data",
        )
        .bind(key)
        .bind(data)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
