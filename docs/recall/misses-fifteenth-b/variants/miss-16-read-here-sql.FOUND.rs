// #16 variant: the same in SQL text: SELECT the quote, test in Rust, then an UPDATE that does
// not re-test
pub async fn credit(pool: &sqlx::PgPool, id: &str, pid: &str, amount: i64) -> sqlx::Result<()> {
    let row: Option<(bool, Vec<String>)> =
        sqlx::query_as("SELECT paid, payment_ids FROM mint_quote WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?;
    let Some((paid, ids)) = row else { return Ok(()) };
    if paid || ids.iter().any(|p| p == pid) {
        return Ok(());
    }
    sqlx::query("UPDATE mint_quote SET amount_paid = amount_paid + $1, payment_ids = array_append(payment_ids, $2) WHERE id = $3")
        .bind(amount)
        .bind(pid)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}
