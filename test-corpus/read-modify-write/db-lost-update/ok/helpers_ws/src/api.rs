// `db-lost-update` stays quiet through helpers that do not read and write back one table
// unguarded.
use crate::config::{get_config, save_config};
use crate::storage::accounts;
use sqlx::PgPool;

pub async fn withdraw_locked(pool: &PgPool, id: i64, amount: i64) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let bal = accounts::get_balance_locked(&mut tx, id).await?;
    accounts::set_balance(pool, id, bal - amount).await?;
    tx.commit().await
}

pub async fn deposit(pool: &PgPool, id: i64, amount: i64) -> sqlx::Result<()> {
    // the delta, not a value computed from the read
    let _bal = accounts::get_balance(pool, id).await?;
    accounts::update_balance_by(pool, id, amount).await
}

pub async fn audit(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    // another table: a derived total, not a write-back of the row read
    let bal = accounts::get_balance(pool, id).await?;
    accounts::set_audit_total(pool, id, bal * 2).await
}

pub async fn reset(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    // the value read is written back unchanged
    let bal = accounts::get_balance(pool, id).await?;
    accounts::set_balance(pool, id, bal).await
}

pub fn bump_retries(path: &str) -> std::io::Result<()> {
    // a file, not a table: the helpers have no data summary
    let c = get_config(path)?;
    save_config(path, &crate::config::Config { retries: c.retries + 1 })
}
