// Data helpers whose use is safe or is no read-modify-write of one table.
use sqlx::PgPool;

pub async fn get_balance(pool: &PgPool, id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
}

// the rows are locked until the transaction ends
pub async fn get_balance_locked(tx: &mut sqlx::PgConnection, id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(tx)
        .await
}

pub async fn set_balance(pool: &PgPool, id: i64, balance: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET balance = $1 WHERE id = $2")
        .bind(balance)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

// computed by the database: atomic
pub async fn update_balance_by(pool: &PgPool, id: i64, delta: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET balance = balance + $1 WHERE id = $2")
        .bind(delta)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn set_audit_total(pool: &PgPool, id: i64, total: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE audits SET total = $1 WHERE account_id = $2")
        .bind(total)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}
