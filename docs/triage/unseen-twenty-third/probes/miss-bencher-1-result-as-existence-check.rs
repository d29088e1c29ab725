// Probe (written from scratch) for a missed bug in bencherdev/bencher.
// Fix commits: fb2a02217 "atomic_soft_creation" (parent ef3b8129) and e18e4a28e
// "Make resource `get_or_create` methods idempotent" (#769, parent d1c80196).
//
// What races: two API requests (parallel CI jobs posting reports for one project) both look a
// testbed up by name, both find nothing, both insert. The table has a unique key on
// (project, name), so the second insert fails and the report is rejected with a 409
// (spurious failure). In diesel the lookup `first::<T>(conn)` answers "absent" with
// Err(NotFound), so the code tests existence with `if let Ok(row) = ..first(conn)` or
// `match find(..) { Ok(t) => return Ok(t), Err(e) => e }`, not with `.optional()`.
//
// racelint should report db-check-then-insert at the `insert_into(testbed::table)` lines of
// `post_soft_create` and `create` (reached from `get_or_create`), as it does for the
// `.optional()` form in `contrast_optional` (reported). Missing fact: a Result whose Ok arm
// is "found" (diesel `first`/`get_result`, a helper returning Result<Row, _>) is an
// existence check, inline and through a helper.
use diesel::prelude::*;

mod schema {
    diesel::table! { testbed (id) { id -> Integer, project_id -> Integer, name -> Text, } }
}

#[derive(Queryable)]
pub struct Testbed { pub id: i32, pub project_id: i32, pub name: String }

#[derive(Insertable)]
#[diesel(table_name = schema::testbed)]
pub struct NewTestbed { pub project_id: i32, pub name: String }

pub struct Ctx { pub conn: tokio::sync::Mutex<SqliteConnection> }

// Inline form (fb2a02217): the connection is locked per statement.
pub async fn post_soft_create(ctx: &Ctx, project_id: i32, name: String) -> QueryResult<Testbed> {
    if let Ok(existing) = schema::testbed::table
        .filter(schema::testbed::project_id.eq(project_id))
        .filter(schema::testbed::name.eq(&name))
        .first::<Testbed>(&mut *ctx.conn.lock().await)
    {
        return Ok(existing);
    }
    diesel::insert_into(schema::testbed::table)
        .values(&NewTestbed { project_id, name: name.clone() })
        .execute(&mut *ctx.conn.lock().await)?;
    schema::testbed::table
        .filter(schema::testbed::name.eq(&name))
        .first::<Testbed>(&mut *ctx.conn.lock().await)
}

// Helper form (e18e4a28e): lookup helper returning Result, insert in another helper.
fn find_by_name(conn: &mut SqliteConnection, project_id: i32, name: &str) -> QueryResult<Testbed> {
    schema::testbed::table
        .filter(schema::testbed::project_id.eq(project_id))
        .filter(schema::testbed::name.eq(name))
        .first::<Testbed>(conn)
}

async fn create(ctx: &Ctx, project_id: i32, name: &str) -> QueryResult<Testbed> {
    let mut conn = ctx.conn.lock().await;
    diesel::insert_into(schema::testbed::table)
        .values(&NewTestbed { project_id, name: name.to_owned() })
        .execute(&mut *conn)?;
    find_by_name(&mut conn, project_id, name)
}

pub async fn get_or_create(ctx: &Ctx, project_id: i32, name: &str) -> QueryResult<Testbed> {
    let found = find_by_name(&mut *ctx.conn.lock().await, project_id, name);
    let _not_found = match found {
        Ok(testbed) => return Ok(testbed),
        Err(e) => e,
    };
    create(ctx, project_id, name).await
}

// Contrast: reported (db-check-then-insert).
pub async fn contrast_optional(ctx: &Ctx, project_id: i32, name: String) -> QueryResult<()> {
    let existing = schema::testbed::table
        .filter(schema::testbed::project_id.eq(project_id))
        .filter(schema::testbed::name.eq(&name))
        .first::<Testbed>(&mut *ctx.conn.lock().await)
        .optional()?;
    if existing.is_some() {
        return Ok(());
    }
    diesel::insert_into(schema::testbed::table)
        .values(&NewTestbed { project_id, name })
        .execute(&mut *ctx.conn.lock().await)?;
    Ok(())
}
