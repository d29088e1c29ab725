// miss-2: diesel check-then-insert where the existence query is bound to a local first.
// Expected: db-check-then-insert at the `insert_into(..)` line (line 27).
// The same check written inline, `select(exists(versions::table.filter(..)))`, is reported.
use diesel::dsl::exists;
use diesel::prelude::*;
use diesel::{insert_into, select};

mod schema {
    diesel::table! { versions (id) { id -> Int4, crate_id -> Int4, num -> Text, } }
}
use schema::versions;

#[derive(Insertable)]
#[diesel(table_name = versions)]
pub struct NewVersion<'a> {
    crate_id: i32,
    num: &'a str,
}

pub fn publish(conn: &mut PgConnection, v: &NewVersion<'_>) -> QueryResult<i32> {
    let already = versions::table
        .filter(versions::crate_id.eq(v.crate_id))
        .filter(versions::num.eq(v.num)); // query built into a local
    if select(exists(already)).get_result(conn)? {
        return Err(diesel::result::Error::NotFound);
    }
    insert_into(versions::table).values(v).returning(versions::id).get_result(conn) // EXPECTED
}
