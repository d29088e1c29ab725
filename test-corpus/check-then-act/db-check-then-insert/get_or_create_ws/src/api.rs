// "Get or create" through the storage helpers: two requests creating the same new name
// both miss the lookup and both insert.
use crate::db::collections::{self, create_collection, get_collection_id};
use diesel::result::Error;

// the lookup's NotFound error, handled in `or_else`
pub fn collection_id(conn: &mut diesel::PgConnection, name: &str) -> Result<i32, Error> {
    get_collection_id(conn, name).or_else(|e| match e {
        Error::NotFound => create_collection(conn, name), //~ db-check-then-insert
        e => Err(e),
    })
}

// the same in a `match`, helpers called by module path
pub fn collection_id_match(conn: &mut diesel::PgConnection, name: &str) -> Result<i32, Error> {
    match collections::get_collection_id(conn, name) {
        Ok(id) => Ok(id),
        Err(diesel::NotFound) => collections::create_collection(conn, name), //~ db-check-then-insert
        Err(e) => Err(e),
    }
}

// an optional lookup tested with `if let`, then the insert helper
pub async fn tag_id(pool: &sqlx::PgPool, label: &str) -> sqlx::Result<i64> {
    if let Some(id) = collections::find_tag(pool, label).await? {
        return Ok(id);
    }
    collections::insert_tag(pool, label).await //~ db-check-then-insert
}
