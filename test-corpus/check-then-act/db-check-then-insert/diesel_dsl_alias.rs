// diesel queries written the way many services write them: the table through its `dsl`
// module imported under an alias, an existence helper answering a bool, and data functions
// named `<what>_query`. Each check finds no row and an insert of the same key follows.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

diesel::table! {
    invoices (id) {
        id -> Int4,
        external_id -> Text,
    }
}

// The table reached as `cols::invoices` through `use invoices::dsl as cols`.
pub async fn record_alias(conn: &mut AsyncPgConnection, ext: String) -> QueryResult<()> {
    use self::invoices::dsl as cols;
    let found = cols::invoices
        .filter(cols::external_id.eq(ext.clone()))
        .select(cols::id)
        .first::<i32>(conn)
        .await
        .optional()?;
    if found.is_some() {
        return Ok(());
    }
    diesel::insert_into(cols::invoices)
        .values(cols::external_id.eq(ext))
        .execute(conn) //~ db-check-then-insert
        .await?;
    Ok(())
}

pub async fn invoice_exists(conn: &mut AsyncPgConnection, ext: String) -> QueryResult<bool> {
    let found = invoices::table
        .filter(invoices::external_id.eq(ext))
        .select(invoices::id)
        .first::<i32>(conn)
        .await
        .optional()?;
    Ok(found.is_some())
}

// A helper named as a yes/no question, whose body looks the row up.
pub async fn record_via_exists_helper(conn: &mut AsyncPgConnection, ext: String) -> QueryResult<()> {
    if invoice_exists(conn, ext.clone()).await? {
        return Ok(());
    }
    diesel::insert_into(invoices::table)
        .values(invoices::external_id.eq(ext))
        .execute(conn) //~ db-check-then-insert
        .await?;
    Ok(())
}

pub async fn invoice_lookup_query(conn: &mut AsyncPgConnection, ext: String) -> QueryResult<Option<i32>> {
    invoices::table
        .filter(invoices::external_id.eq(ext))
        .select(invoices::id)
        .first::<i32>(conn)
        .await
        .optional()
}

// A data function named `<what>_query` that returns the row.
pub async fn record_via_query_helper(conn: &mut AsyncPgConnection, ext: String) -> QueryResult<()> {
    let found = invoice_lookup_query(conn, ext.clone()).await?;
    if found.is_none() {
        diesel::insert_into(invoices::table)
            .values(invoices::external_id.eq(ext))
            .execute(conn) //~ db-check-then-insert
            .await?;
    }
    Ok(())
}
