// #5 variant: the real `match row { Some(model) => .., None => insert }` with a `Vec` column (no JSON)
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

use crate::incident_events::{ActiveModel, Column, Entity};

pub async fn append(db: &DatabaseConnection, incident: &str, event: String) -> Result<(), DbErr> {
    let row = Entity::find()
        .filter(Column::IncidentId.eq(incident))
        .one(db)
        .await?;
    match row {
        Some(model) => {
            let mut events = model.events.clone();
            events.push(event);
            let mut active: ActiveModel = model.into();
            active.events = Set(events);
            active.update(db).await?;
        }
        None => {
            let active = ActiveModel {
                incident_id: Set(incident.to_string()),
                events: Set(vec![event]),
            };
            active.insert(db).await?;
        }
    }
    Ok(())
}
