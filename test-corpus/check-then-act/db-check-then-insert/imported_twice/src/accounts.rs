use diesel::prelude::*;

pub fn ensure_admin(conn: &mut PgConnection, name: &str) {
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

pub fn ensure_guest() {
    let mut conn = crate::seeds::establish();
    let found = users::table
        .filter(users::name.eq("guest"))
        .first::<User>(&mut conn)
        .optional()
        .unwrap();
    if found.is_none() {
        diesel::insert_into(users::table)
            .values(users::name.eq("guest"))
            .execute(&mut conn) //~ db-check-then-insert
            .unwrap();
    }
}
