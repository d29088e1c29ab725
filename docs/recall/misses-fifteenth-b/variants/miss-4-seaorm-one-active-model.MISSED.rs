// #4 variant: SeaORM, one row found by `status = 0`, then `ActiveModel { status: Set(1) }.update()`
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

use crate::jobs::{ActiveModel, Column, Entity};

pub async fn lease(db: &DatabaseConnection, me: &str) -> Result<Option<String>, DbErr> {
    let Some(job) = Entity::find().filter(Column::Status.eq(0i32)).one(db).await? else {
        return Ok(None);
    };
    let id = job.id.clone();
    let mut am: ActiveModel = job.into();
    am.status = Set(1);
    am.claimed_by = Set(Some(me.to_string()));
    am.update(db).await?;
    Ok(Some(id))
}
