// The same appends and counters, safe: the row read with `lock_exclusive()` in the
// transaction that writes it, or the counter computed by the database.
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QuerySelect, Set, TransactionTrait,
};

pub mod incident_events {
    pub use super::entity::{ActiveModel, Column, Entity, Model};
}

pub async fn append_locked(db: &DatabaseConnection, incident: &str, event: String) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    let Some(model) = incident_events::Entity::find()
        .filter(incident_events::Column::IncidentId.eq(incident))
        .lock_exclusive()
        .one(&txn)
        .await?
    else {
        return Ok(());
    };
    let mut events: Vec<String> = serde_json::from_value(model.events.clone())?;
    events.push(event);
    let mut active: incident_events::ActiveModel = model.into();
    active.events = Set(serde_json::to_value(events)?);
    active.update(&txn).await?;
    txn.commit().await
}

pub async fn bump_atomic(db: &DatabaseConnection, incident: &str) -> Result<(), DbErr> {
    incident_events::Entity::update_many()
        .col_expr(
            incident_events::Column::Count,
            Expr::col(incident_events::Column::Count).add(1),
        )
        .filter(incident_events::Column::IncidentId.eq(incident))
        .exec(db)
        .await?;
    Ok(())
}

/// A value from the request, not from the row: nothing read is written back.
pub async fn rename(db: &DatabaseConnection, incident: &str, title: String) -> Result<(), DbErr> {
    let Some(model) = incident_events::Entity::find()
        .filter(incident_events::Column::IncidentId.eq(incident))
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let t = title.trim().to_string();
    let mut active: incident_events::ActiveModel = model.into();
    active.title = Set(t);
    active.update(db).await?;
    Ok(())
}
