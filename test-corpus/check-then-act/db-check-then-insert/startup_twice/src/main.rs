// Start-up code that does run more than once at a time: a seed called from `main` and from
// each worker thread, and a registration run by four threads spawned in a loop.
mod setup;

use diesel::prelude::*;

fn main() {
    let mut conn = setup::establish();
    setup::seed_defaults(&mut conn);
    for _ in 0..4 {
        std::thread::spawn(move || {
            let mut c = setup::establish();
            setup::seed_defaults(&mut c);
            register(&mut c, "bob");
        });
    }
}

fn register(conn: &mut PgConnection, name: &str) {
    let found = users::table
        .filter(users::name.eq(name))
        .first::<User>(conn)
        .optional()
        .unwrap();
    if found.is_none() {
        diesel::insert_into(users::table)
            .values(users::name.eq(name))
            .execute(conn) //~ db-check-then-insert
            .unwrap();
    }
}
