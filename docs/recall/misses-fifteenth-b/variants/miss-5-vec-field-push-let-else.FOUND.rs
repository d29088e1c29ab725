// #5 variant: no JSON round trip: the column is a `Vec<String>`, cloned, pushed, and set back
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

use crate::incident_events::{ActiveModel, Column, Entity};

pub async fn append(db: &DatabaseConnection, incident: &str, event: String) -> Result<(), DbErr> {
    let Some(model) = Entity::find()
        .filter(Column::IncidentId.eq(incident))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let mut events = model.events.clone();
    events.push(event);
    let mut active: ActiveModel = model.into();
    active.events = Set(events);
    active.update(db).await?;
    Ok(())
}
