// Near misses of the dsl-alias and helper shapes: a helper named like a check whose body
// touches no table, a check and insert of different tables, a constant path that is no table.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

diesel::table! {
    invoices (id) {
        id -> Int4,
        external_id -> Text,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int4,
        note -> Text,
    }
}

// The "exists" helper asks an in-memory set, not the database: nothing confirms a lookup.
pub async fn seen_exists(_conn: &mut AsyncPgConnection, ext: String) -> QueryResult<bool> {
    Ok(ext.is_empty())
}

pub async fn note_unless_seen(conn: &mut AsyncPgConnection, ext: String) -> QueryResult<()> {
    if seen_exists(conn, ext.clone()).await? {
        return Ok(());
    }
    diesel::insert_into(invoices::table)
        .values(invoices::external_id.eq(ext))
        .execute(conn)
        .await?;
    Ok(())
}

// The lookup is of `invoices` through the alias, the insert into another table.
pub async fn audit_missing(conn: &mut AsyncPgConnection, ext: String) -> QueryResult<()> {
    use self::invoices::dsl as cols;
    let found = cols::invoices
        .filter(cols::external_id.eq(ext.clone()))
        .select(cols::id)
        .first::<i32>(conn)
        .await
        .optional()?;
    if found.is_none() {
        diesel::insert_into(audit_log::table)
            .values(audit_log::note.eq(ext))
            .execute(conn)
            .await?;
    }
    Ok(())
}
