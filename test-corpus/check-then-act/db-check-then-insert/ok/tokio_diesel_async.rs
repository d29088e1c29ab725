// Near misses of tokio-diesel's `*_async` check-then-insert: the insert cannot duplicate
// (`on_conflict_do_nothing`), and the lookup reads another table than the insert writes.
use diesel::prelude::*;
use tokio_diesel::*;

diesel::table! {
    genre (id) {
        id -> Integer,
        name -> Text,
    }
}

diesel::table! {
    audit (id) {
        id -> Integer,
        what -> Text,
    }
}

#[derive(Queryable, Clone)]
pub struct Genre {
    pub id: i32,
    pub name: String,
}

pub type Pool = diesel::r2d2::Pool<diesel::r2d2::ConnectionManager<PgConnection>>;

// the database decides: the insert does nothing when the row exists
pub async fn add_genre(pool: &Pool, name: &str) -> Result<(), AsyncError> {
    let found = genre::table
        .filter(genre::name.eq(name.to_string()))
        .first_async::<Genre>(pool)
        .await
        .optional()?;
    if found.is_none() {
        diesel::insert_into(genre::table)
            .values(genre::name.eq(name.to_string()))
            .on_conflict_do_nothing()
            .execute_async(pool)
            .await?;
    }
    Ok(())
}

// another table: the lookup does not decide the insert
pub async fn log_missing(pool: &Pool, name: &str) -> Result<(), AsyncError> {
    let found = genre::table
        .filter(genre::name.eq(name.to_string()))
        .first_async::<Genre>(pool)
        .await
        .optional()?;
    if found.is_none() {
        diesel::insert_into(audit::table)
            .values(audit::what.eq(name.to_string()))
            .execute_async(pool)
            .await?;
    }
    Ok(())
}
