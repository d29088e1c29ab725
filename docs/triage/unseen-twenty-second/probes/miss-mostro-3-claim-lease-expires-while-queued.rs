// Miss, mostro a7249cc (parent d49064fd): "heartbeat the payout claim while queued for a send
// permit". Written from scratch. A payout task claims the order (a marker plus a claim
// timestamp, set by a conditional UPDATE), then waits for a permit of a semaphore that bounds
// concurrent payments, then sends. A reconciler job, every few seconds, treats every claim
// older than a grace period as a payout that was lost, clears it and re-arms the retry
// (burning one attempt of the buyer's budget and, at the end, asking for a new invoice). A
// task that waits for its permit longer than the grace period (more than 8 payouts stuck at
// once) still believes it holds the claim: its payout, never sent, is counted as a failure,
// and the retry it re-armed races the original dispatch. The fix re-stamps the claim while
// queued. A claim whose validity is a time lease, taken by one actor and reclaimed by
// another while the first is suspended, is outside every rule of racelint.
use sqlx::SqlitePool;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::sync::Semaphore;

pub static PERMITS: Semaphore = Semaphore::const_new(8);
const GRACE_SECS: i64 = 30;

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

async fn send_payment(_id: i64) -> Result<(), ()> {
    Ok(())
}

// Actor 1: one dispatch task per payout.
pub async fn dispatch(pool: &SqlitePool, id: i64) -> sqlx::Result<()> {
    let claimed = sqlx::query(
        "UPDATE orders SET claimed_at = ? WHERE id = ? AND claimed_at IS NULL",
    )
    .bind(now())
    .bind(id)
    .execute(pool)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(());
    }
    let _permit = PERMITS.acquire().await;
    let _ = send_payment(id).await;
    Ok(())
}

// Actor 2: the reconciler job, every few seconds.
pub async fn reconcile_tick(pool: &SqlitePool) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE orders SET claimed_at = NULL, failed_payment = 1, attempts = attempts + 1 \
         WHERE claimed_at IS NOT NULL AND claimed_at < ?",
    )
    .bind(now() - GRACE_SECS)
    .execute(pool)
    .await?;
    Ok(())
}
