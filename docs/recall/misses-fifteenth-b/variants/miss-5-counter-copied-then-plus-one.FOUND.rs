// #5 observation: the old value copied into a local, `Set(n + 1)`
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

use crate::incident_events::{ActiveModel, Column, Entity};

pub async fn bump(db: &DatabaseConnection, incident: &str) -> Result<(), DbErr> {
    let Some(model) = Entity::find()
        .filter(Column::IncidentId.eq(incident))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let n = model.count;
    let mut active: ActiveModel = model.into();
    active.count = Set(n + 1);
    active.update(db).await?;
    Ok(())
}
