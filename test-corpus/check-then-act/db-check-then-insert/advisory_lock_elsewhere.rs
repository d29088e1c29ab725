// An advisory lock serializes only the code that holds it: a mention of the lock function in
// a comment, a lock taken by another function of the file, or a lock taken after the check
// leaves the check and the insert of this function open to a second request.
//
// (The fix would be `SELECT pg_advisory_xact_lock($1)` before the lookup, as
// `rebuild_index` does below for its own work.)

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sea_orm::{DatabaseBackend, Statement};

use crate::entities::{tag, user};

// pg_advisory_lock is mentioned here, in a comment: it takes nothing.
pub async fn create_user(db: &DatabaseConnection, email: String) -> Result<(), DbErr> {
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(db)
        .await?;
    if existing.is_none() {
        user::ActiveModel {
            email: Set(email),
            ..Default::default()
        }
        .insert(db) //~ db-check-then-insert
        .await?;
    }
    Ok(())
}

// Another function of the file takes a lock for its own work.
pub async fn rebuild_index(pool: &sqlx::PgPool) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_lock(99)").execute(pool).await?;
    sqlx::query("REINDEX TABLE tags").execute(pool).await?;
    Ok(())
}

// The lock comes after the check: two requests have both passed it by then.
pub async fn tag_post(txn: &DatabaseTransaction, post_id: i32, label: String) -> Result<(), DbErr> {
    let found = tag::Entity::find()
        .filter(tag::Column::PostId.eq(post_id))
        .filter(tag::Column::Label.eq(label.clone()))
        .one(txn)
        .await?;
    if found.is_none() {
        txn.execute(Statement::from_string(
            DatabaseBackend::Postgres,
            "SELECT pg_advisory_xact_lock(3)".to_owned(),
        ))
        .await?;
        tag::ActiveModel {
            post_id: Set(post_id),
            label: Set(label),
            ..Default::default()
        }
        .insert(txn) //~ db-check-then-insert
        .await?;
    }
    Ok(())
}
