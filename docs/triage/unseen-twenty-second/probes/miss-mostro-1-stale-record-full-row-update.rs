// Miss, mostro: 071511d (parent ca3ba051; the same defect was fixed before by 879db5b and came
// back), a314a92 (parent e63a8757) and 8ed6e3e (parent ad67469e). Written from scratch.
// A record is read from the database in one place and handed on (a `&Order` parameter, a copy
// captured by a spawned payment watcher). Much later, after network awaits, another function
// changes one field of its copy and writes the WHOLE row back (`order.update(pool)`, a
// full-row `UPDATE .. SET every column .. WHERE id = ?`, as sqlx_crud's `Crud::update` does).
// Meanwhile a second actor (a scheduler job) has set another column of the same row with a
// targeted UPDATE (`fee_paid = 1`). The full-row write puts the stale `fee_paid = 0` back, and
// the job pays the fee a second time on its next tick. racelint reports the read-modify-write
// when the read, the change and the write are in one function (`bump_attempts`, contrast) but
// not when the record arrives as a parameter, nor that a full-row write clobbers columns that
// this function never changed.
use sqlx::SqlitePool;

#[derive(Clone, sqlx::FromRow)]
pub struct Order {
    pub id: i64,
    pub status: String,
    pub attempts: i64,
    pub fee_paid: bool,
}

impl Order {
    pub async fn by_id(pool: &SqlitePool, id: i64) -> sqlx::Result<Order> {
        sqlx::query_as::<_, Order>("SELECT * FROM orders WHERE id = ?")
            .bind(id)
            .fetch_one(pool)
            .await
    }

    // Full-row write-back of every column.
    pub async fn update(self, pool: &SqlitePool) -> sqlx::Result<Order> {
        sqlx::query("UPDATE orders SET status = ?, attempts = ?, fee_paid = ? WHERE id = ?")
            .bind(&self.status)
            .bind(self.attempts)
            .bind(self.fee_paid)
            .bind(self.id)
            .execute(pool)
            .await?;
        Ok(self)
    }
}

async fn send_payment(_order: &Order) -> Result<(), ()> {
    Ok(())
}

// Actor 1: the payment path. The snapshot is read at dispatch and captured by the watcher.
pub async fn dispatch(pool: SqlitePool, id: i64) -> sqlx::Result<()> {
    let order = Order::by_id(&pool, id).await?;
    tokio::spawn(async move {
        if send_payment(&order).await.is_err() {
            let _ = record_failure(&pool, &order).await;
        } else {
            let _ = mark_success(&pool, &order).await;
        }
    });
    Ok(())
}

async fn record_failure(pool: &SqlitePool, order: &Order) -> sqlx::Result<Order> {
    let mut order = order.clone();
    order.attempts += 1;
    order.update(pool).await
}

async fn mark_success(pool: &SqlitePool, order: &Order) -> sqlx::Result<Order> {
    let mut order = order.clone();
    order.status = "success".to_string();
    order.update(pool).await
}

// Actor 2: the fee job, a separate spawned loop, sets one column with a targeted write.
pub async fn fee_job_tick(pool: &SqlitePool, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE orders SET fee_paid = 1 WHERE id = ?")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

// Contrast: reported (db-lost-update). Read, change from the old value and full-row write in
// one function.
pub async fn bump_attempts(pool: &SqlitePool, id: i64) -> sqlx::Result<Order> {
    let mut order = Order::by_id(pool, id).await?;
    order.attempts += 1;
    order.update(pool).await
}
