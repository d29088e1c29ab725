// Code that runs once per process, from `main` at start-up: no second run of itself can
// interleave with its check and its insert (directly, through a helper, in a closure run in
// place, in a `OnceLock` initialiser).
mod setup;
mod registry;

use diesel::prelude::*;
use std::sync::OnceLock;

static ADMIN_ID: OnceLock<i32> = OnceLock::new();

fn main() {
    let mut conn = setup::establish();
    setup::seed_defaults(&mut conn);
    ensure_admin(&mut conn, "admin");
    ADMIN_ID.get_or_init(|| admin_id(&mut conn));
    let _registry = registry::Registry::new(&mut conn);
    serve();
}

fn serve() {}

fn ensure_admin(conn: &mut PgConnection, name: &str) {
    let found = users::table
        .filter(users::name.eq(name))
        .first::<User>(conn)
        .optional()
        .unwrap();
    if found.is_none() {
        diesel::insert_into(users::table)
            .values(users::name.eq(name))
            .execute(conn)
            .unwrap();
    }
}

fn admin_id(conn: &mut PgConnection) -> i32 {
    users::table
        .select(users::id)
        .filter(users::role.eq(3))
        .first(conn)
        .or_else(|e| match e {
            diesel::NotFound => diesel::insert_into(users::table)
                .values(users::role.eq(3))
                .execute(conn)
                .map(|n| n as i32),
            e => Err(e),
        })
        .unwrap()
}
