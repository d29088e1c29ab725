// FP reproduction (written from scratch) for bencherdev/bencher at 8d75325c,
// lib/bencher_schema/src/model/organization/mod.rs:157 (db-check-then-insert).
//
// The check (SELECT by slug) and the insert run inside `write_transaction!(ctx, |conn| ..)`,
// a project macro that locks the server's single SQLite write connection (a tokio Mutex) and
// runs the body in `immediate_transaction` (BEGIN IMMEDIATE). Every write goes through that
// connection, so nothing can insert between the check and the insert: this is the race's fix.
//
// racelint reports db-check-then-insert at the insert. It is reported in the macro form and
// also written out (`inline_form`, reported too), so the macro is not the only gap. Missing
// facts: (1) SQLite's `immediate_transaction` (BEGIN IMMEDIATE) takes the database write lock
// at the start, so a check and an insert inside it cannot interleave with another writer's;
// (2) a connection that exists once, behind a Mutex whose guard is held across the check and
// the insert, serialises every writer; (3) for the macro form, the body of a project
// `macro_rules!` that wraps `$body` in a lock and a transaction must be expanded to see either.
use diesel::prelude::*;

mod schema {
    diesel::table! { organization (id) { id -> Integer, slug -> Text, } }
}

pub struct Database { pub connection: tokio::sync::Mutex<SqliteConnection> }
pub struct Ctx { pub database: Database }

#[macro_export]
macro_rules! write_transaction {
    ($context:expr, |$conn:ident| $body:expr) => {{
        let mut __guard = $context.database.connection.lock().await;
        __guard.immediate_transaction(|$conn| $body)
    }};
}

pub async fn get_or_create(ctx: &Ctx, slug: &str) -> QueryResult<i32> {
    write_transaction!(ctx, |conn| {
        let existing: Option<i32> = schema::organization::table
            .filter(schema::organization::slug.eq(slug))
            .select(schema::organization::id)
            .first(conn)
            .optional()?;
        if let Some(id) = existing {
            return Ok(id);
        }
        diesel::insert_into(schema::organization::table)
            .values(schema::organization::slug.eq(slug))
            .execute(conn)?;
        Ok(0)
    })
}

// Also reported: the same body with the lock and the transaction written out.
pub async fn inline_form(ctx: &Ctx, slug: &str) -> QueryResult<i32> {
    let mut guard = ctx.database.connection.lock().await;
    guard.immediate_transaction(|conn| {
        let existing: Option<i32> = schema::organization::table
            .filter(schema::organization::slug.eq(slug))
            .select(schema::organization::id)
            .first(conn)
            .optional()?;
        if let Some(id) = existing {
            return Ok(id);
        }
        diesel::insert_into(schema::organization::table)
            .values(schema::organization::slug.eq(slug))
            .execute(conn)?;
        Ok(0)
    })
}
