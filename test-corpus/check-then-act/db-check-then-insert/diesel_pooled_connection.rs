// Positive cases next to `ok/single_writer_diesel.rs`: the same lookup-then-insert on a
// connection of a pool (one per call).

use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use diesel::sqlite::SqliteConnection;

table! {
    users (id) {
        id -> Integer,
        name -> Text,
    }
}

#[derive(Queryable)]
pub struct User {
    pub id: i32,
    pub name: String,
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub name: &'a str,
}

pub fn register_on(conn: &mut SqliteConnection, n: &str) -> QueryResult<()> {
    use self::users::dsl::*;
    let found = users.filter(name.eq(n)).first::<User>(conn).optional()?;
    if found.is_none() {
        diesel::insert_into(users)
            .values(&NewUser { name: n })
            .execute(conn)?; //~ db-check-then-insert
    }
    Ok(())
}

pub fn register_pooled(pool: &Pool<ConnectionManager<SqliteConnection>>, n: &str) -> QueryResult<()> {
    let mut conn = pool.get().expect("a connection");
    register_on(&mut conn, n)
}
