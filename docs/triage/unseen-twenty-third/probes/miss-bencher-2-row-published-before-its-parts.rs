// Probe (written from scratch) for a missed bug in bencherdev/bencher.
// Fix commit: f5516cca4 "Fix \"branch head is null\" 500 error race condition" (#803,
// parent aa430360).
//
// What races: creating a branch inserts the branch row with head_id = NULL in one write
// transaction and only then creates its head and sets head_id in a second transaction.
// Another request (a report upload, a branch listing) that reads the branch between the
// two transactions finds head_id = NULL and fails with a 500 ("branch head is null").
//
// racelint should report at the first `insert_into(branch::table)` in `create_branch`: a
// row is made visible (committed) in a state that other readers treat as invalid
// (`head_id.expect(..)` in `branch_head`), and completed by a later, separate write.
// Missing fact: an intermediate state published by one write and completed by another
// (the store-level twin of "published under one guard, completed under a second").
use diesel::prelude::*;

mod schema {
    diesel::table! { branch (id) { id -> Integer, name -> Text, head_id -> Nullable<Integer>, } }
    diesel::table! { head (id) { id -> Integer, branch_id -> Integer, } }
}

pub struct Ctx { pub write: tokio::sync::Mutex<SqliteConnection>, pub read: tokio::sync::Mutex<SqliteConnection> }

pub async fn create_branch(ctx: &Ctx, name: &str) -> QueryResult<i32> {
    let branch_id: i32 = {
        let mut conn = ctx.write.lock().await;
        conn.immediate_transaction(|conn| {
            diesel::insert_into(schema::branch::table)
                .values((schema::branch::name.eq(name), schema::branch::head_id.eq(None::<i32>)))
                .returning(schema::branch::id)
                .get_result(conn)
        })?
    };
    // ... the start point is resolved here (reads, awaits) ...
    let mut conn = ctx.write.lock().await;
    conn.immediate_transaction(|conn| {
        let head_id: i32 = diesel::insert_into(schema::head::table)
            .values(schema::head::branch_id.eq(branch_id))
            .returning(schema::head::id)
            .get_result(conn)?;
        diesel::update(schema::branch::table.filter(schema::branch::id.eq(branch_id)))
            .set(schema::branch::head_id.eq(Some(head_id)))
            .execute(conn)
    })?;
    Ok(branch_id)
}

// The concurrent reader (another request handler).
pub async fn branch_head(ctx: &Ctx, name: &str) -> QueryResult<i32> {
    let head: Option<i32> = schema::branch::table
        .filter(schema::branch::name.eq(name))
        .select(schema::branch::head_id)
        .first(&mut *ctx.read.lock().await)?;
    Ok(head.expect("branch head is null"))
}
