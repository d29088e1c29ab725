// #5 openobserve 50117dc279: append an event to a JSON column with SeaORM. The row is read,
// the JSON deserialised, an event pushed, and the re-serialised list saved back with
// `ActiveModel.update`: two concurrent appends lose one event. (The `None` arm, insert after
// no row was found, is the reported half.)
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

use crate::incident_events::{ActiveModel, Column, Entity};

pub async fn append(db: &DatabaseConnection, incident: &str, event: String) -> Result<(), DbErr> {
    let row = Entity::find()
        .filter(Column::IncidentId.eq(incident))
        .one(db)
        .await?;
    match row {
        Some(model) => {
            let mut events: Vec<String> =
                serde_json::from_value(model.events.clone()).unwrap_or_default();
            events.push(event);
            let mut active: ActiveModel = model.into();
            active.events = Set(serde_json::to_value(events).unwrap_or_default());
            active.update(db).await?;
        }
        None => {
            let active = ActiveModel {
                incident_id: Set(incident.to_string()),
                events: Set(serde_json::to_value(vec![event]).unwrap_or_default()),
            };
            active.insert(db).await?;
        }
    }
    Ok(())
}
