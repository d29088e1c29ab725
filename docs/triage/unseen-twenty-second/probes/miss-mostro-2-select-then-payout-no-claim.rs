// Miss, mostro d16e181 (parent 10fd6fd2): "dispatch buyer payouts at most once per settled
// order". Written from scratch. A retry job selects the orders whose payout failed and sends
// each payout again. A payout whose send timed out is marked failed although the node may
// still complete it, and the buyer's new invoice (a message handler) also dispatches a payout
// for the same order. Nothing claims the order between the SELECT and the send: two
// dispatches for one order pay the buyer twice. The fix claims a marker with a conditional
// UPDATE (`.. SET payout_hash = ? WHERE id = ? AND payout_hash IS NULL`, checking
// rows_affected) before sending. racelint has no rule for "a row selected by a condition,
// then an external side effect, with no claim": sql-check-then-write needs the act to be a
// write to the store (`retry_and_mark`, contrast).
use sqlx::SqlitePool;

#[derive(sqlx::FromRow)]
pub struct Failed {
    pub id: i64,
    pub invoice: String,
    pub attempts: i64,
}

async fn send_payment(_invoice: &str) -> Result<(), ()> {
    Ok(())
}

// Actor 1: the retry job, one tick.
pub async fn retry_tick(pool: &SqlitePool, max: i64) -> sqlx::Result<()> {
    let rows = sqlx::query_as::<_, Failed>(
        "SELECT id, invoice, attempts FROM orders WHERE status = 'settled' AND failed_payment = 1",
    )
    .fetch_all(pool)
    .await?;
    for row in rows {
        if row.attempts < max {
            let _ = send_payment(&row.invoice).await;
        }
    }
    Ok(())
}

// Actor 2: a new invoice from the buyer (message handler) dispatches at once.
pub async fn on_new_invoice(pool: &SqlitePool, id: i64, invoice: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE orders SET invoice = ?, attempts = 0 WHERE id = ?")
        .bind(invoice)
        .bind(id)
        .execute(pool)
        .await?;
    let _ = send_payment(invoice).await;
    Ok(())
}

// Contrast: reported (sql-check-then-write). The same check decides a write to the row instead
// of an external send.
pub async fn retry_and_mark(pool: &SqlitePool, id: i64) -> sqlx::Result<()> {
    let failed: bool = sqlx::query_scalar("SELECT failed_payment FROM orders WHERE id = ?")
        .bind(id)
        .fetch_one(pool)
        .await?;
    if failed {
        sqlx::query("UPDATE orders SET attempts = attempts + 1, failed_payment = 0 WHERE id = ?")
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(())
}
