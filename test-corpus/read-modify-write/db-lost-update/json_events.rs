// Lost updates through SeaORM active models: the row read, a JSON list deserialised from a
// column, an event pushed, the list saved back; or a counter computed into a local first.
// Two concurrent appends read the same list and the later save drops the other's event.
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};

pub mod incident_events {
    pub use super::entity::{ActiveModel, Column, Entity, Model};
}

pub async fn append(db: &DatabaseConnection, incident: &str, event: String) -> Result<(), DbErr> {
    let row = incident_events::Entity::find()
        .filter(incident_events::Column::IncidentId.eq(incident))
        .one(db)
        .await?;
    match row {
        Some(model) => {
            let mut events: Vec<String> =
                serde_json::from_value(model.events.clone()).unwrap_or_default();
            events.push(event);
            let mut active: incident_events::ActiveModel = model.into();
            active.events = Set(serde_json::to_value(events).unwrap_or_default());
            active.update(db).await?; //~ db-lost-update
        }
        None => {}
    }
    Ok(())
}

pub struct Incidents {
    db: DatabaseConnection,
}

impl Incidents {
    /// In a transaction, but the row read is not locked: under READ COMMITTED the later
    /// update still overwrites the other's.
    pub async fn record_alert(&self, incident: &str, alert: String) -> Result<(), DbErr> {
        let txn = self.db.begin().await?;
        let Some(model) = incident_events::Entity::find()
            .filter(incident_events::Column::IncidentId.eq(incident))
            .one(&txn)
            .await?
        else {
            return Ok(());
        };
        let mut events: Vec<String> = serde_json::from_value(model.events.clone())?;
        events.push(alert);
        let mut active: incident_events::ActiveModel = model.into();
        active.events = Set(serde_json::to_value(events)?);
        active.update(&txn).await?; //~ db-lost-update
        txn.commit().await
    }

    pub async fn bump(&self, incident: &str) -> Result<(), DbErr> {
        let txn = self.db.begin().await?;
        let Some(model) = incident_events::Entity::find()
            .filter(incident_events::Column::IncidentId.eq(incident))
            .one(&txn)
            .await?
        else {
            return Ok(());
        };
        let n = model.count + 1;
        let mut active: incident_events::ActiveModel = model.into();
        active.count = Set(n);
        active.update(&txn).await?; //~ db-lost-update
        txn.commit().await
    }
}
