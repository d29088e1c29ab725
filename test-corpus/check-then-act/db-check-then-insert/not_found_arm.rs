// The lookup's "no such row" error taken as "absent": a `match` arm `Err(NotFound)`, the
// same in `.or_else(|e| match e { .. })`, sqlx's `RowNotFound`. Both requests miss and both
// insert.
use diesel::prelude::*;
use diesel::result::Error;

diesel::table! {
    collections (id) {
        id -> Integer,
        name -> Text,
    }
}

pub fn by_match(conn: &mut PgConnection, name: &str) -> Result<i32, Error> {
    match collections::table
        .select(collections::id)
        .filter(collections::name.eq(name))
        .first(conn)
    {
        Ok(id) => Ok(id),
        Err(Error::NotFound) => {
            diesel::insert_into(collections::table)
                .values(collections::name.eq(name))
                .execute(conn)?; //~ db-check-then-insert
            Ok(0)
        }
        Err(e) => Err(e),
    }
}

pub fn by_or_else(conn: &mut PgConnection, name: &str) -> Result<usize, Error> {
    collections::table
        .select(collections::id)
        .filter(collections::name.eq(name))
        .first::<i32>(conn)
        .map(|_| 0)
        .or_else(|e| match e {
            diesel::NotFound => diesel::insert_into(collections::table)
                .values(collections::name.eq(name))
                .execute(conn), //~ db-check-then-insert
            e => Err(e),
        })
}

pub async fn sqlx_row_not_found(pool: &sqlx::PgPool, name: &str) -> Result<i64, sqlx::Error> {
    let found = sqlx::query!("SELECT id FROM tags WHERE name = $1", name)
        .fetch_one(pool)
        .await;
    match found {
        Ok(r) => Ok(r.id),
        Err(sqlx::Error::RowNotFound) => {
            sqlx::query!("INSERT INTO tags (name) VALUES ($1)", name) //~ store-check-then-insert
                .execute(pool)
                .await?;
            Ok(0)
        }
        Err(e) => Err(e),
    }
}
