// A helper that a migration step calls but a request handler calls too runs concurrently with
// itself through the handler: the step's once-only run does not make the helper once-only.

use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use sea_orm_migration::prelude::*;
use uuid::Uuid;

use crate::entities::roles;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        ensure_role(manager.get_connection(), "admin").await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

// The admin API's "create role if missing" endpoint.
pub async fn api_ensure_role(db: &DatabaseConnection, name: String) -> Result<(), DbErr> {
    ensure_role(db, &name).await
}

async fn ensure_role<C: ConnectionTrait>(db: &C, name: &str) -> Result<(), DbErr> {
    let found = roles::Entity::find_by_name(name).one(db).await?;
    if found.is_none() {
        roles::ActiveModel {
            id: Set(Uuid::new_v4()),
            name: Set(name.to_string()),
        }
        .insert(db) //~ db-check-then-insert
        .await?;
    }
    Ok(())
}
