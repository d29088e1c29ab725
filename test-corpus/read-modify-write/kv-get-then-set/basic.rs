// Positive cases of `kv-get-then-set`: a key-value store value is read and a value computed
// from it is set back on the same key.

use redis::aio::MultiplexedConnection;
use redis::{AsyncCommands, Commands};

// The seed bug: a counter incremented in application code.
pub async fn hit(conn: &mut MultiplexedConnection, page: &str) -> redis::RedisResult<()> {
    let key = format!("hits:{page}");
    let n: i64 = conn.get(&key).await?;
    conn.set(&key, n + 1).await?; //~ kv-get-then-set
    Ok(())
}

// A hash field: HGET then HSET.
pub async fn like(conn: &mut MultiplexedConnection, post: u64) -> redis::RedisResult<()> {
    let likes: i64 = conn.hget(format!("post:{post}"), "likes").await?;
    conn.hset(format!("post:{post}"), "likes", likes + 1).await?; //~ kv-get-then-set
    Ok(())
}

pub struct RateLimiter {
    conn: MultiplexedConnection,
}

impl RateLimiter {
    // The new value computed in a `let`, written with a TTL.
    pub async fn consume(&mut self, user: &str) -> redis::RedisResult<bool> {
        let used: Option<u32> = self.conn.get(user).await?;
        let next = used.unwrap_or(0) + 1;
        self.conn.set_ex(user, next, 60).await?; //~ kv-get-then-set
        Ok(next <= 100)
    }
}

// The synchronous redis API.
pub fn debit(con: &mut redis::Connection, wallet: &str, amount: i64) -> redis::RedisResult<()> {
    let balance: i64 = con.get(wallet)?;
    con.set(wallet, balance - amount)?; //~ kv-get-then-set
    Ok(())
}

// Inside a spawned task, with the variable modified in place.
pub fn record_visit(mut conn: MultiplexedConnection, key: String) {
    tokio::spawn(async move {
        let mut visits: u64 = conn.get(&key).await.unwrap_or(0);
        visits *= 2;
        let _: () = conn.set(&key, visits).await.unwrap(); //~ kv-get-then-set
    });
}

#[derive(serde::Serialize, serde::Deserialize)]
pub struct Job {
    status: String,
    tries: u32,
}

// A JSON record round-tripped: GET, deserialize, change a field, serialize, SET. Two workers
// (one failing the job, one cancelling it) overwrite each other's change.
pub async fn fail_job(conn: &mut MultiplexedConnection, id: &str) -> redis::RedisResult<()> {
    let key = format!("job:{id}");
    let raw: Option<String> = conn.get(&key).await?;
    if let Some(json) = raw {
        if let Ok(mut job) = serde_json::from_str::<Job>(&json) {
            job.tries += 1;
            let out = serde_json::to_string(&job).unwrap();
            let _: () = conn.set(&key, out).await?; //~ kv-get-then-set
        }
    }
    Ok(())
}
