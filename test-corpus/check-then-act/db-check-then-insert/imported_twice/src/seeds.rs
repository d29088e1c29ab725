use diesel::prelude::*;

pub(crate) fn establish() -> PgConnection {
    todo!()
}

pub(crate) fn seed_defaults(conn: &mut PgConnection) {
    let exists: bool = diesel::select(diesel::dsl::exists(tags::table.filter(tags::label.eq("news"))))
        .get_result(conn)
        .unwrap();
    if !exists {
        diesel::insert_into(tags::table)
            .values(tags::label.eq("news"))
            .execute(conn) //~ db-check-then-insert
            .unwrap();
    }
}
