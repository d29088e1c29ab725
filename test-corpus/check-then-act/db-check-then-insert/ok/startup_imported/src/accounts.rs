use diesel::prelude::*;

pub fn ensure_admin(conn: &mut PgConnection, name: &str) -> QueryResult<()> {
    let found = users::table
        .filter(users::name.eq(name))
        .first::<User>(conn)
        .optional()?;
    if found.is_none() {
        diesel::insert_into(users::table)
            .values(users::name.eq(name))
            .execute(conn)?;
    }
    Ok(())
}
