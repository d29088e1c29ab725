// Near misses: diesel on one SQLite connection behind a mutex, the guard held over the
// lookup and the insert (in the method, and by the caller of a free function).
use std::sync::Mutex;

use diesel::prelude::*;
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

pub struct Store {
    conn: Mutex<SqliteConnection>,
}

impl Store {
    pub fn register(&self, n: &str) -> QueryResult<()> {
        use self::users::dsl::*;
        let mut conn = self.conn.lock().unwrap();
        let found = users
            .filter(name.eq(n))
            .first::<User>(&mut *conn)
            .optional()?;
        if found.is_none() {
            diesel::insert_into(users)
                .values(&NewUser { name: n })
                .execute(&mut *conn)?;
        }
        Ok(())
    }
}

// A free function handed the locked connection by every caller.
pub fn register_on(conn: &mut SqliteConnection, n: &str) -> QueryResult<()> {
    use self::users::dsl::*;
    let found = users.filter(name.eq(n)).first::<User>(conn).optional()?;
    if found.is_none() {
        diesel::insert_into(users)
            .values(&NewUser { name: n })
            .execute(conn)?;
    }
    Ok(())
}

pub fn register_all(store: &Store, names: &[String]) -> QueryResult<()> {
    let mut conn = store.conn.lock().unwrap();
    for n in names {
        register_on(&mut conn, n)?;
    }
    Ok(())
}
