// miss-3: SeaORM check-then-insert in an axum handler, hidden by (a) a project macro
// wrapping each query and (b) a custom finder on the entity (not `find*`).
// Expected: db-check-then-insert at line 22 (macro-wrapped insert) and at line 36
// (insert after `Entity::secure_by_name(..).one(..)`). Without `ctx!` and with
// `Entity::find().filter(..)` the same shape is reported.
use axum::extract::State;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
mod eventtype {
    pub struct Entity;
}
macro_rules! ctx {
    ($e:expr) => { $e.map_err(|e| e.to_string()) };
}

pub async fn create_a(State(db): State<DatabaseConnection>, name: String) -> Result<(), String> {
    let existing = ctx!(eventtype::Entity::find()
        .filter(eventtype::Column::Name.eq(name.clone()))
        .one(&db)
        .await)?;
    if existing.is_none() {
        let m = eventtype::ActiveModel { name: Set(name), ..Default::default() };
        ctx!(m.insert(&db).await)?; // EXPECTED db-check-then-insert
    }
    Ok(())
}

pub async fn create_b(State(db): State<DatabaseConnection>, name: String) -> Result<(), String> {
    let existing = eventtype::Entity::secure_by_name(name.clone())
        .one(&db)
        .await
        .map_err(|e| e.to_string())?;
    match existing {
        Some(_) => Err("exists".into()),
        None => {
            let m = eventtype::ActiveModel { name: Set(name), ..Default::default() };
            m.insert(&db).await.map_err(|e| e.to_string())?; // EXPECTED db-check-then-insert
            Ok(())
        }
    }
}
