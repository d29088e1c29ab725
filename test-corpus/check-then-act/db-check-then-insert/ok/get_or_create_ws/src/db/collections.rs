// Helpers whose names say "get" and "create" but whose bodies make the pair safe, or do not
// touch the database at all.
use diesel::prelude::*;
use diesel::result::Error;

diesel::table! {
    collections (id) {
        id -> Integer,
        name -> Text,
    }
}

pub fn get_collection_id(conn: &mut PgConnection, name: &str) -> Result<i32, Error> {
    collections::table
        .select(collections::id)
        .filter(collections::name.eq(name))
        .first(conn)
}

// the insert lets the unique index decide
pub fn create_collection(conn: &mut PgConnection, name: &str) -> Result<usize, Error> {
    diesel::insert_into(collections::table)
        .values(collections::name.eq(name))
        .on_conflict_do_nothing()
        .execute(conn)
}

// reads a process-local map, not the database
pub fn get_default(defaults: &std::collections::HashMap<String, i32>, name: &str) -> Option<i32> {
    defaults.get(name).copied()
}

// locks the row it reads
pub async fn find_tag(pool: &sqlx::PgPool, label: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM tags WHERE label = $1 FOR UPDATE")
        .bind(label)
        .fetch_optional(pool)
        .await
}

pub async fn insert_tag(pool: &sqlx::PgPool, label: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("INSERT INTO tags (label) VALUES ($1) RETURNING id")
        .bind(label)
        .fetch_one(pool)
        .await
}
