// The data helpers: each reads one table by one key, in a file of its own. The handlers in
// `handlers.rs` call them, and only the workspace phase can tell which column a check made
// through one of them compares.

use diesel::prelude::*;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use crate::schema::{community, users};

pub trait ApubActor: Sized {
    async fn read_from_apub_id(pool: &mut DbPool, id: &str) -> QueryResult<Option<Self>>;
}

impl User {
    // reads `users` by `handle` (UNIQUE)
    pub fn read_from_handle(conn: &mut PgConnection, h: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::handle.eq(h))
            .first::<User>(conn)
            .optional()
    }

    // reads `users` by `email` (no unique constraint)
    pub fn read_from_email(conn: &mut PgConnection, e: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(users::email.eq(e))
            .first::<User>(conn)
            .optional()
    }

    // reads `users` by `lower(nick)`: case-insensitive, and the constraint is on `nick`
    // itself, so `Ann` and `ann` race past it
    pub fn read_from_nick(conn: &mut PgConnection, n: &str) -> QueryResult<Option<User>> {
        users::table
            .filter(lower(users::nick).eq(n.to_lowercase()))
            .first::<User>(conn)
            .optional()
    }

    pub fn create(conn: &mut PgConnection, form: &UserForm) -> QueryResult<User> {
        diesel::insert_into(users::table)
            .values(form)
            .get_result(conn)
    }
}

// a trait impl, as lemmy writes it: reads `community` by `lower(ap_id)`, which the unique
// index on `lower(ap_id)` covers
impl ApubActor for Community {
    async fn read_from_apub_id(pool: &mut DbPool, id: &str) -> QueryResult<Option<Self>> {
        let conn = &mut get_conn(pool).await?;
        community::table
            .filter(lower(community::ap_id).eq(id.to_lowercase()))
            .first(conn)
            .await
            .optional()
    }
}

impl Community {
    pub async fn create(pool: &mut DbPool, form: &CommunityForm) -> QueryResult<Community> {
        let conn = &mut get_conn(pool).await?;
        diesel::insert_into(community::table)
            .values(form)
            .get_result(conn)
            .await
    }
}

// SeaORM: reads `tag` by `slug` (UNIQUE), then by `label` (none)
impl Tag {
    pub async fn lookup(db: &DatabaseConnection, slug: &str) -> Result<Option<tag::Model>, DbErr> {
        tag::Entity::find()
            .filter(tag::Column::Slug.eq(slug))
            .one(db)
            .await
    }

    pub async fn lookup_label(
        db: &DatabaseConnection,
        label: &str,
    ) -> Result<Option<tag::Model>, DbErr> {
        tag::Entity::find()
            .filter(tag::Column::Label.eq(label))
            .one(db)
            .await
    }
}
