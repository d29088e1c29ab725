// A database advisory lock taken before the check serializes every run of the check and the
// insert: in the function itself (sqlx, SeaORM with the SQL built by `format!`, a helper named
// for the lock, a helper of this file that takes it), or by the function of this file that
// calls the check.

use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sea_orm::{DatabaseBackend, Statement, TransactionTrait};

use crate::entities::{tag, user};

// SeaORM: `pg_advisory_xact_lock` in the transaction the check and the insert run on.
pub async fn create_user(db: &DatabaseConnection, email: String) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    txn.execute(Statement::from_string(
        DatabaseBackend::Postgres,
        format!("SELECT pg_advisory_xact_lock({})", 42),
    ))
    .await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(&txn)
        .await?;
    if existing.is_none() {
        user::ActiveModel {
            email: Set(email),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await
}

// sqlx: the lock statement, then a SeaORM check and insert in the same function.
pub async fn tag_post(
    pool: &sqlx::PgPool,
    db: &DatabaseConnection,
    post_id: i32,
    label: String,
) -> Result<(), DbErr> {
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(post_id as i64)
        .execute(pool)
        .await
        .ok();
    if let Some(_t) = tag::Entity::find()
        .filter(tag::Column::PostId.eq(post_id))
        .filter(tag::Column::Label.eq(label.clone()))
        .one(db)
        .await?
    {
        Ok(())
    } else {
        tag::ActiveModel {
            post_id: Set(post_id),
            label: Set(label),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(())
    }
}

const TAG_LOCK: &str = "SELECT pg_advisory_xact_lock($1)";

async fn acquire_tag_advisory_lock(txn: &DatabaseTransaction, post_id: i32) -> Result<(), DbErr> {
    txn.execute(Statement::from_sql_and_values(
        DatabaseBackend::Postgres,
        TAG_LOCK,
        [post_id.into()],
    ))
    .await?;
    Ok(())
}

// A helper named for the lock.
pub async fn tag_post_locked(txn: &DatabaseTransaction, post_id: i32, label: String) -> Result<(), DbErr> {
    acquire_tag_advisory_lock(txn, post_id).await?;
    let found = tag::Entity::find()
        .filter(tag::Column::PostId.eq(post_id))
        .filter(tag::Column::Label.eq(label.clone()))
        .one(txn)
        .await?;
    if found.is_none() {
        tag::ActiveModel {
            post_id: Set(post_id),
            label: Set(label),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

async fn lock_users(txn: &DatabaseTransaction) -> Result<(), DbErr> {
    txn.execute(Statement::from_string(
        DatabaseBackend::Postgres,
        "SELECT pg_advisory_xact_lock(7)".to_owned(),
    ))
    .await?;
    Ok(())
}

// A helper of this file whose body takes the lock (named for something else).
pub async fn invite(txn: &DatabaseTransaction, email: String) -> Result<(), DbErr> {
    lock_users(txn).await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(txn)
        .await?;
    if existing.is_none() {
        user::ActiveModel {
            email: Set(email),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

// The caller takes the lock, then runs the check and the insert in a helper.
pub async fn register(db: &DatabaseConnection, email: String) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    lock_users(&txn).await?;
    ensure_user(&txn, email).await?;
    txn.commit().await
}

async fn ensure_user(txn: &DatabaseTransaction, email: String) -> Result<(), DbErr> {
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(email.clone()))
        .one(txn)
        .await?;
    if existing.is_none() {
        user::ActiveModel {
            email: Set(email),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}
