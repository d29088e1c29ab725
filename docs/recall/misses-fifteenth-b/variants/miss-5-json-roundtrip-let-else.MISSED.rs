// #5 variant: only the lost-update half (`let Some(model) = .. else { return }`), JSON round trip kept
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
    let mut events: Vec<String> = serde_json::from_value(model.events.clone()).unwrap_or_default();
    events.push(event);
    let mut active: ActiveModel = model.into();
    active.events = Set(serde_json::to_value(events).unwrap_or_default());
    active.update(db).await?;
    Ok(())
}
