// Data helpers of a storage layer: one lookup by name, one plain insert.
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

pub fn create_collection(conn: &mut PgConnection, name: &str) -> Result<i32, Error> {
    conn.transaction(|conn| {
        diesel::insert_into(collections::table)
            .values(collections::name.eq(name))
            .execute(conn)?;
        get_collection_id(conn, name)
    })
}

pub async fn find_tag(pool: &sqlx::PgPool, label: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM tags WHERE label = $1")
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
