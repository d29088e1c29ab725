// #5 observation: the new value computed into a local first (`let n = model.count + 1; Set(n)`)
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
    let n = model.count + 1;
    let mut active: ActiveModel = model.into();
    active.count = Set(n);
    active.update(db).await?;
    Ok(())
}
