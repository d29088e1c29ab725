use diesel::prelude::*;

pub(crate) fn seed_defaults(conn: &mut PgConnection) {
    for label in ["news", "misc"] {
        insert_tag(conn, label);
    }
}

fn insert_tag(conn: &mut PgConnection, label: &str) {
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

pub(crate) fn seed_roles(conn: &mut PgConnection) {
    let found = roles::table
        .filter(roles::name.eq("admin"))
        .first::<Role>(conn)
        .optional()
        .unwrap();
    if found.is_none() {
        diesel::insert_into(roles::table)
            .values(roles::name.eq("admin"))
            .execute(conn)
            .unwrap();
    }
}
