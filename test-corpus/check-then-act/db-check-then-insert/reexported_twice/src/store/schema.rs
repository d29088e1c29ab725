use diesel::prelude::*;

pub fn init_schema(conn: &mut PgConnection) {
    let exists: bool = diesel::select(diesel::dsl::exists(meta::table.filter(meta::key.eq("schema"))))
        .get_result(conn)
        .unwrap();
    if !exists {
        diesel::insert_into(meta::table)
            .values(meta::key.eq("schema"))
            .execute(conn) //~ db-check-then-insert
            .unwrap();
    }
}
