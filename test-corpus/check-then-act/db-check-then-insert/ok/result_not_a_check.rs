// `Ok(..)` of a lookup that does not answer "absent" with an error says nothing about the
// row: `.optional()` gives `Ok(None)`, `load` gives `Ok(vec![])`. And a `match` whose `Ok`
// arm falls through runs the insert whether the row was found or not (no check decides it).
use diesel::prelude::*;

diesel::table! {
    tags (id) {
        id -> Integer,
        name -> Text,
    }
}

pub fn optional_ok(conn: &mut PgConnection, name: &str) -> QueryResult<()> {
    if let Ok(_maybe) = tags::table
        .filter(tags::name.eq(name))
        .select(tags::id)
        .first::<i32>(conn)
        .optional()
    {
        return Ok(());
    }
    diesel::insert_into(tags::table)
        .values(tags::name.eq(name))
        .execute(conn)?;
    Ok(())
}

pub fn rows_ok(conn: &mut PgConnection, name: &str) -> QueryResult<()> {
    if let Ok(_rows) = tags::table
        .filter(tags::name.eq(name))
        .select(tags::id)
        .load::<i32>(conn)
    {
        return Ok(());
    }
    diesel::insert_into(tags::table)
        .values(tags::name.eq(name))
        .execute(conn)?;
    Ok(())
}

pub fn ok_arm_falls_through(conn: &mut PgConnection, name: &str) -> QueryResult<()> {
    match tags::table
        .filter(tags::name.eq(name))
        .select(tags::id)
        .first::<i32>(conn)
    {
        Ok(id) => println!("replacing {id}"),
        Err(_) => {}
    }
    diesel::insert_into(tags::table)
        .values(tags::name.eq(name))
        .execute(conn)?;
    Ok(())
}

// a lookup helper whose `Result` holds an `Option` (`.optional()`): its `Ok(_)` is no "found"
fn find_tag(conn: &mut PgConnection, name: &str) -> QueryResult<Option<i32>> {
    tags::table
        .filter(tags::name.eq(name))
        .select(tags::id)
        .first::<i32>(conn)
        .optional()
}

fn create_tag(conn: &mut PgConnection, name: &str) -> QueryResult<usize> {
    diesel::insert_into(tags::table)
        .values(tags::name.eq(name))
        .execute(conn)
}

pub fn helper_optional(conn: &mut PgConnection, name: &str) -> QueryResult<()> {
    if let Ok(_maybe) = find_tag(conn, name) {
        return Ok(());
    }
    create_tag(conn, name)?;
    Ok(())
}
