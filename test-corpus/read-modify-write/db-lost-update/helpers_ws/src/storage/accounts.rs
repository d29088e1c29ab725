// sqlx helpers: one reads a balance, one writes whatever balance it is given.
use sqlx::PgPool;

pub async fn get_balance(pool: &PgPool, id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
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
