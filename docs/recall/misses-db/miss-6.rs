// miss-6: redis read-modify-write of a JSON record: GET -> deserialize -> change a field ->
// serialize -> SET. Two workers (complete vs. cancel) overwrite each other's change.
// Expected: kv-get-then-set at line 21 (`conn.set(&key, out)`), read at line 16.
// kv-get-then-set only follows arithmetic on the read value (`conn.set(&key, n + 1)`).
use redis::{aio::MultiplexedConnection, AsyncCommands};

#[derive(serde::Serialize, serde::Deserialize)]
pub struct Job {
    status: String,
    tries: u32,
}

pub async fn fail_job(conn: &mut MultiplexedConnection, id: &str) -> redis::RedisResult<()> {
    let key = format!("job:{id}");
    // read
    let raw: Option<String> = conn.get(&key).await?;
    if let Some(json) = raw {
        if let Ok(mut job) = serde_json::from_str::<Job>(&json) {
            job.status = "failed".into();
            let out = serde_json::to_string(&job).unwrap();
            let _: () = conn.set(&key, out).await?; // EXPECTED kv-get-then-set
        }
    }
    Ok(())
}
