// #4 variant: SeaORM, the state tested in Rust (`if job.status != 0`) instead of in the filter
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, EntityTrait, Set};

use crate::jobs::{ActiveModel, Entity};

pub async fn lease(db: &DatabaseConnection, id: String, me: &str) -> Result<bool, DbErr> {
    let Some(job) = Entity::find_by_id(id).one(db).await? else {
        return Ok(false);
    };
    if job.status != 0 {
        return Ok(false);
    }
    let mut am: ActiveModel = job.into();
    am.status = Set(1);
    am.claimed_by = Set(Some(me.to_string()));
    am.update(db).await?;
    Ok(true)
}
