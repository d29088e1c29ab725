use diesel::prelude::*;

pub(crate) fn establish() -> PgConnection {
    todo!()
}

// called once, from `main`, before anything else runs
pub(crate) fn seed_defaults(conn: &mut PgConnection) {
    for label in ["news", "misc"] {
        let exists: bool = diesel::select(diesel::dsl::exists(tags::table.filter(tags::label.eq(label))))
            .get_result(conn)
            .unwrap();
        if !exists {
            diesel::insert_into(tags::table)
                .values(tags::label.eq(label))
                .execute(conn)
                .unwrap();
        }
    }
}
