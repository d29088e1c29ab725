// Get-or-create shapes that cannot duplicate the row.
use crate::db::collections::{self, create_collection, get_collection_id, get_default};
use diesel::result::Error;

// the insert helper has `on_conflict_do_nothing`: a racing insert adds nothing
pub fn collection_id(conn: &mut diesel::PgConnection, name: &str) -> Result<i32, Error> {
    get_collection_id(conn, name).or_else(|e| match e {
        Error::NotFound => {
            create_collection(conn, name)?;
            get_collection_id(conn, name)
        }
        e => Err(e),
    })
}

// the "lookup" is a map of defaults, not a query
pub fn collection_default(
    conn: &mut diesel::PgConnection,
    defaults: &std::collections::HashMap<String, i32>,
    name: &str,
) -> Result<usize, Error> {
    match get_default(defaults, name) {
        Some(_) => Ok(0),
        None => collections::create_collection(conn, name),
    }
}

// the lookup locks the row (`FOR UPDATE`)
pub async fn tag_id(pool: &sqlx::PgPool, label: &str) -> sqlx::Result<i64> {
    if let Some(id) = collections::find_tag(pool, label).await? {
        return Ok(id);
    }
    collections::insert_tag(pool, label).await
}

// any error other than "not found" is returned, and nothing is inserted
pub fn collection_id_or_err(conn: &mut diesel::PgConnection, name: &str) -> Result<i32, Error> {
    get_collection_id(conn, name).or_else(|e| match e {
        Error::DatabaseError(..) => Ok(0),
        e => Err(e),
    })
}
