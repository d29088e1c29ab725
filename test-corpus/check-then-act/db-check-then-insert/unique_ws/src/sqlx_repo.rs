// Raw SQL (sqlx) against the same migrations: a SELECT finds no row, then an INSERT.

use sqlx::PgPool;

// `invites.code` has a unique index: the second INSERT fails (note).
pub async fn redeem(pool: &PgPool, code: &str, email: &str) -> Result<(), sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT code FROM invites WHERE code = $1")
        .bind(code)
        .fetch_optional(pool)
        .await?;
    if row.is_none() {
        sqlx::query("INSERT INTO invites (code, email) VALUES ($1, $2)") //~ store-check-then-insert
            .bind(code)
            .bind(email)
            .execute(pool)
            .await?;
    }
    Ok(())
}

// `invites.email` has only a plain index: two invites for one address (warning).
pub async fn invite_once(pool: &PgPool, code: &str, email: &str) -> Result<(), sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT code FROM invites WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await?;
    if row.is_none() {
        sqlx::query("INSERT INTO invites (code, email) VALUES ($1, $2)") //~ store-check-then-insert
            .bind(code)
            .bind(email)
            .execute(pool)
            .await?;
    }
    Ok(())
}
