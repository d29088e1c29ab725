// `db-check-then-insert` with the diesel query built into a local first (crates.io a3d605946
// shape): the local's filters are the check's.
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
        .filter(versions::num.eq(v.num));
    if select(exists(already)).get_result(conn)? {
        return Err(diesel::result::Error::NotFound);
    }
    insert_into(versions::table).values(v).returning(versions::id).get_result(conn) //~ db-check-then-insert
}

pub fn publish_found(conn: &mut PgConnection, v: &NewVersion<'_>) -> QueryResult<usize> {
    let same = versions::table.filter(versions::num.eq(v.num));
    let found: Option<(i32, i32, String)> = same.first(conn).optional()?;
    if found.is_none() {
        return insert_into(versions::table).values(v).execute(conn); //~ db-check-then-insert
    }
    Ok(0)
}
