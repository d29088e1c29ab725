// Near misses of `kv-get-then-set` that must stay silent.

use redis::aio::MultiplexedConnection;
use redis::AsyncCommands;
use std::cell::Cell;
use std::collections::HashMap;

// The atomic rewrite.
pub async fn hit(conn: &mut MultiplexedConnection, key: &str) -> redis::RedisResult<i64> {
    conn.incr(key, 1).await
}

// A get and a set on different keys.
pub async fn snapshot(conn: &mut MultiplexedConnection) -> redis::RedisResult<()> {
    let n: i64 = conn.get("hits:today").await?;
    conn.set("hits:yesterday", n).await?;
    Ok(())
}

// The value read does not flow into the write.
pub async fn refresh(conn: &mut MultiplexedConnection, key: &str) -> redis::RedisResult<()> {
    let _old: Option<String> = conn.get(key).await?;
    conn.set(key, "fresh").await?;
    Ok(())
}

// The value written back unchanged (a copy, nothing computed from it).
pub async fn touch(conn: &mut MultiplexedConnection, key: &str) -> redis::RedisResult<()> {
    let v: String = conn.get(key).await?;
    conn.set_ex(key, v, 300).await?;
    Ok(())
}

// A WATCH / MULTI transaction: redis-rs retries the closure when the key changed.
pub fn guarded(con: &mut redis::Connection, key: &str) -> redis::RedisResult<()> {
    redis::transaction(con, &[key], |con, pipe| {
        let n: i64 = con.get(key)?;
        pipe.set(key, n + 1).ignore().query(con)
    })
}

// A local map and a Cell are not stores.
pub fn local(counts: &mut HashMap<String, i64>, k: &str, c: &Cell<i64>) {
    let n = counts.get(k).copied().unwrap_or(0);
    counts.insert(k.to_string(), n + 1);
    let v = c.get();
    c.set(v + 1);
}

#[derive(serde::Serialize, serde::Deserialize)]
pub struct Job {
    status: String,
}

// Re-serialised without a change (a format migration of the same value): nothing computed
// from the read is written back.
pub async fn reformat(conn: &mut redis::aio::MultiplexedConnection, id: &str) -> redis::RedisResult<()> {
    use redis::AsyncCommands;
    let key = format!("job:{id}");
    let raw: Option<String> = conn.get(&key).await?;
    if let Some(json) = raw {
        if let Ok(job) = serde_json::from_str::<Job>(&json) {
            let out = serde_json::to_string_pretty(&job).unwrap();
            let _: () = conn.set(&key, out).await?;
        }
    }
    Ok(())
}
