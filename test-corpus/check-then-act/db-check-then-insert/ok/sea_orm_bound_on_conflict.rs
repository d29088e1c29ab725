// The rewritten forms: a local ActiveModel inserted with `ON CONFLICT .. DO NOTHING` after the
// check (the check is now only a shortcut), and an insert guarded by `on_conflict` written as
// a `let` of its own.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

use crate::entities::grant;

pub async fn add_grant(db: &DatabaseConnection, user_id: i32, role_id: i32) -> Result<bool, DbErr> {
    if !grant::Entity::find()
        .filter(grant::Column::UserId.eq(user_id))
        .filter(grant::Column::RoleId.eq(role_id))
        .all(db)
        .await?
        .is_empty()
    {
        return Ok(false);
    }
    let values = grant::ActiveModel {
        user_id: Set(user_id),
        role_id: Set(role_id),
    };
    let inserted = grant::Entity::insert(values)
        .on_conflict(
            OnConflict::columns([grant::Column::UserId, grant::Column::RoleId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted == 1)
}

pub async fn add_grant_upsert(db: &DatabaseConnection, user_id: i32, role_id: i32) -> Result<(), DbErr> {
    let existing = grant::Entity::find()
        .filter(grant::Column::UserId.eq(user_id))
        .one(db)
        .await?;
    if existing.is_none() {
        let insert = grant::Entity::insert(grant::ActiveModel {
            user_id: Set(user_id),
            role_id: Set(role_id),
        })
        .on_conflict(OnConflict::column(grant::Column::UserId).do_nothing().to_owned());
        insert.exec_without_returning(db).await?;
    }
    Ok(())
}
