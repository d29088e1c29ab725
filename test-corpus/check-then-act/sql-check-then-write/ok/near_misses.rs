// Near misses of `sql-check-then-write` that must stay silent.

use sqlx::PgPool;

// The atomic rewrite: the condition is in the UPDATE and the rows affected are checked.
pub async fn withdraw(pool: &PgPool, id: i64, amount: i64) -> anyhow::Result<()> {
    let done = sqlx::query(
        "UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1",
    )
    .bind(amount)
    .bind(id)
    .execute(pool)
    .await?;
    if done.rows_affected() != 1 {
        anyhow::bail!("insufficient funds");
    }
    Ok(())
}

// The SELECT re-checked by the UPDATE even though the application tested it first.
pub async fn withdraw_prechecked(pool: &PgPool, id: i64, amount: i64) -> anyhow::Result<()> {
    let balance: i64 = sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    if balance >= amount {
        sqlx::query("UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1")
            .bind(amount)
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(())
}

// The row locked with `SELECT … FOR UPDATE` in the transaction.
pub async fn withdraw_locked(pool: &PgPool, id: i64, amount: i64) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    let balance: i64 = sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1 FOR UPDATE")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if balance >= amount {
        sqlx::query("UPDATE accounts SET balance = $1 WHERE id = $2")
            .bind(balance - amount)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

// A check whose only act is returning an error.
pub async fn check_funds(pool: &PgPool, id: i64, amount: i64) -> anyhow::Result<()> {
    let balance: i64 = sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    if balance < amount {
        anyhow::bail!("insufficient funds");
    }
    Ok(())
}

// A check on one table and a write to an unrelated one.
pub async fn audit(pool: &PgPool, id: i64) -> anyhow::Result<()> {
    let balance: i64 = sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    if balance < 0 {
        sqlx::query("INSERT INTO alerts (account_id, balance) VALUES ($1, $2)")
            .bind(id)
            .bind(balance)
            .execute(pool)
            .await?;
    }
    Ok(())
}

// A condition that does not come from the database.
pub async fn deposit(pool: &PgPool, id: i64, amount: i64) -> anyhow::Result<()> {
    if amount > 0 {
        sqlx::query("UPDATE accounts SET balance = balance + $1 WHERE id = $2")
            .bind(amount)
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(())
}

// A SERIALIZABLE transaction.
pub async fn withdraw_serializable(pool: &PgPool, id: i64, amount: i64) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE").execute(&mut *tx).await?;
    let balance: i64 = sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if balance >= amount {
        sqlx::query("UPDATE accounts SET balance = $1 WHERE id = $2")
            .bind(balance - amount)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub struct Snippet {
    pub id: String,
    pub view_count: i64,
}

// A lookup matched on `Some` / `None` (existence, not a value test) and an atomic update.
pub async fn view(pool: &PgPool, id: &str) -> anyhow::Result<Option<Snippet>> {
    let snippet = sqlx::query_as!(Snippet, "SELECT id, view_count FROM snippets WHERE id = $1", id)
        .fetch_optional(pool)
        .await?;
    match snippet {
        Some(mut s) => {
            sqlx::query!("UPDATE snippets SET view_count = view_count + 1 WHERE id = $1", id)
                .execute(pool)
                .await?;
            s.view_count += 1;
            Ok(Some(s))
        }
        None => Ok(None),
    }
}

// The write after the check touches a column the check did not read.
pub async fn record_failure(pool: &PgPool, id: i64, err: &str) -> anyhow::Result<()> {
    let attempts: i32 = sqlx::query_scalar("SELECT attempts FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    if attempts > 3 {
        sqlx::query("UPDATE jobs SET last_error = $1 WHERE id = $2")
            .bind(err)
            .bind(id)
            .execute(pool)
            .await?;
    }
    Ok(())
}
