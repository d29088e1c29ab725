// Near misses of `db-row-lock-order`: the rows are locked in one order, or not in a
// transaction, or the keys are not the loop's elements.

use sqlx::{PgPool, Postgres, Transaction};
use std::collections::{BTreeMap, HashMap};

// the keys ordered first
pub async fn transfer(tx: &mut Transaction<'_, Postgres>, from: i64, to: i64) -> sqlx::Result<()> {
    let (first, second) = if from < to { (from, to) } else { (to, from) };
    sqlx::query("UPDATE accounts SET touched = now() WHERE id = $1")
        .bind(first)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE accounts SET touched = now() WHERE id = $1")
        .bind(second)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

// sorted keys
pub async fn apply_sorted(tx: &mut Transaction<'_, Postgres>, counts: &HashMap<i64, i64>) -> sqlx::Result<()> {
    let mut ids: Vec<_> = counts.keys().collect();
    ids.sort();
    for id in ids {
        sqlx::query("UPDATE items SET stock = stock - $1 WHERE id = $2")
            .bind(counts[id])
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

// an ordered map
pub async fn apply_btree(tx: &mut Transaction<'_, Postgres>, counts: &BTreeMap<i64, i64>) -> sqlx::Result<()> {
    for (id, n) in counts {
        sqlx::query("UPDATE items SET stock = stock - $1 WHERE id = $2")
            .bind(n)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

// autocommit: each statement releases its lock at once
pub async fn apply_pool(pool: &PgPool, counts: &HashMap<i64, i64>, a: i64, b: i64) -> sqlx::Result<()> {
    for (id, n) in counts {
        sqlx::query("UPDATE items SET stock = stock - $1 WHERE id = $2")
            .bind(n)
            .bind(id)
            .execute(pool)
            .await?;
    }
    sqlx::query("UPDATE accounts SET n = n + 1 WHERE id = $1").bind(a).execute(pool).await?;
    sqlx::query("UPDATE accounts SET n = n + 1 WHERE id = $1").bind(b).execute(pool).await?;
    Ok(())
}

// the same table order in both functions
pub async fn pay(tx: &mut Transaction<'_, Postgres>, account: i64, order: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET balance = balance - 10 WHERE id = $1").bind(account).execute(&mut **tx).await?;
    sqlx::query("UPDATE orders SET paid = true WHERE id = $1").bind(order).execute(&mut **tx).await?;
    Ok(())
}

pub async fn refund(tx: &mut Transaction<'_, Postgres>, account: i64, order: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET balance = balance + 10 WHERE id = $1").bind(account).execute(&mut **tx).await?;
    sqlx::query("UPDATE orders SET paid = false WHERE id = $1").bind(order).execute(&mut **tx).await?;
    Ok(())
}

// a hash loop that locks one fixed row, not one per element
pub async fn audit(tx: &mut Transaction<'_, Postgres>, owner: i64, seen: &HashMap<String, i64>) -> sqlx::Result<()> {
    for (name, _) in seen {
        tracing::info!("{name}");
        sqlx::query("UPDATE owners SET audits = audits + 1 WHERE id = $1").bind(owner).execute(&mut **tx).await?;
    }
    Ok(())
}

// one parameter and a constant: no second order
pub async fn promote(tx: &mut Transaction<'_, Postgres>, user: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET role = 'admin' WHERE id = $1").bind(user).execute(&mut **tx).await?;
    sqlx::query("UPDATE users SET role = 'user' WHERE id = 1").execute(&mut **tx).await?;
    Ok(())
}
