// Positive cases of `db-row-lock-order`: rows locked inside one transaction in an order that
// another transaction can reverse.

use sqlx::{Postgres, Transaction};
use std::collections::{HashMap, HashSet};

// argument order: transfer(a, b) and transfer(b, a) deadlock
pub async fn transfer(
    tx: &mut Transaction<'_, Postgres>,
    from: i64,
    to: i64,
    amount: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET balance = balance - $1 WHERE id = $2")
        .bind(amount)
        .bind(from)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE accounts SET balance = balance + $1 WHERE id = $2") //~ db-row-lock-order
        .bind(amount)
        .bind(to)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

// hash order: one row per element of a HashMap, in a transaction begun here
pub async fn apply_counts(pool: &sqlx::PgPool, counts: &HashMap<i64, i64>) -> sqlx::Result<()> {
    let mut txn = pool.begin().await?;
    for (id, n) in counts {
        sqlx::query("UPDATE items SET stock = stock - $1 WHERE id = $2") //~ db-row-lock-order
            .bind(n)
            .bind(id)
            .execute(&mut *txn)
            .await?;
    }
    txn.commit().await
}

// hash order through `.keys()` and an upsert that updates
pub async fn touch_all(tx: &mut Transaction<'_, Postgres>, seen: &HashSet<String>) -> sqlx::Result<()> {
    for name in seen.iter() {
        sqlx::query( //~ db-row-lock-order
            "INSERT INTO tags (name, uses) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET uses = tags.uses + 1",
        )
        .bind(name)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

// table order: pay locks accounts then orders, refund orders then accounts
pub async fn pay(tx: &mut Transaction<'_, Postgres>, account: i64, order: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET balance = balance - 10 WHERE id = $1")
        .bind(account)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE orders SET paid = true WHERE id = $1")
        .bind(order)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn refund(tx: &mut Transaction<'_, Postgres>, account: i64, order: i64) -> sqlx::Result<()> {
    sqlx::query("SELECT id FROM orders WHERE id = $1 FOR UPDATE")
        .bind(order)
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query("UPDATE accounts SET balance = balance + 10 WHERE id = $1") //~ db-row-lock-order
        .bind(account)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
