// tokio-diesel's `AsyncRunQueryDsl`: `first_async(&pool)`, `load_async`, `get_result_async`,
// `get_results_async` and `execute_async` run the same queries as diesel's `first(conn)` ..
// `execute(conn)`, each on a connection checked out of the pool. A lookup that finds no row
// and an insert of that row after it are two statements: two tasks both miss and both insert.
use diesel::prelude::*;
use tokio_diesel::*;

diesel::table! {
    genre (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    genre_media (genre_id, media_id) {
        genre_id -> Integer,
        media_id -> Integer,
    }
}

#[derive(Queryable, Clone)]
pub struct Genre {
    pub id: i32,
    pub name: String,
}

pub type Pool = diesel::r2d2::Pool<diesel::r2d2::ConnectionManager<PgConnection>>;

// inline, a free function: `.optional()` lookup then insert
pub async fn add_genre(pool: &Pool, name: &str) -> Result<(), AsyncError> {
    let found = genre::table
        .filter(genre::name.eq(name.to_string()))
        .first_async::<Genre>(pool)
        .await
        .optional()?;
    if found.is_none() {
        diesel::insert_into(genre::table)
            .values(genre::name.eq(name.to_string()))
            .execute_async(pool) //~ db-check-then-insert
            .await?;
    }
    Ok(())
}

// through a helper answering a bool from the lookup's `Result`, then an inline insert
pub async fn pair_exists(pool: &Pool, g: i32, m: i32) -> bool {
    genre_media::table
        .filter(genre_media::genre_id.eq(g))
        .filter(genre_media::media_id.eq(m))
        .first_async::<(i32, i32)>(pool)
        .await
        .is_ok()
}

pub async fn link(pool: &Pool, g: i32, m: i32) {
    if pair_exists(pool, g, m).await {
        return;
    }
    let _ = diesel::insert_into(genre_media::table)
        .values((genre_media::genre_id.eq(g), genre_media::media_id.eq(m)))
        .execute_async(pool) //~ db-check-then-insert
        .await;
}

pub struct Library {
    pub pool: Pool,
}

impl Library {
    // a method: `get_result_async` without `.optional()` answers "no row" with an error
    pub async fn genre_id(&self, name: &str) -> Result<i32, AsyncError> {
        match genre::table
            .filter(genre::name.eq(name.to_string()))
            .select(genre::id)
            .get_result_async::<i32>(&self.pool)
            .await
        {
            Ok(id) => return Ok(id),
            Err(_) => {}
        }
        diesel::insert_into(genre::table)
            .values(genre::name.eq(name.to_string()))
            .execute_async(&self.pool) //~ db-check-then-insert
            .await?;
        Ok(0)
    }
}
