// A one-time token: its `used_at` column is tested on the row read, then set. Two requests
// with the same token both see `None` and both use it.
use diesel::prelude::*;

diesel::table! {
    tokens (id) {
        id -> Integer,
        value -> Text,
        used_at -> Nullable<Timestamp>,
    }
}

pub fn use_token(conn: &mut PgConnection, tok: &str) -> QueryResult<bool> {
    let t: Token = tokens::table.filter(tokens::value.eq(tok)).first(conn)?;
    if t.used_at.is_some() {
        return Ok(false);
    }
    diesel::update(tokens::table.find(t.id))
        .set(tokens::used_at.eq(diesel::dsl::now))
        .execute(conn)?; //~ db-check-then-update
    Ok(true)
}
