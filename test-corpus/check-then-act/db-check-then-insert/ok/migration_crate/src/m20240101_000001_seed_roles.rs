use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sea_orm_migration::prelude::*;
use uuid::Uuid;

use crate::entities::roles;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        seed_role(db, "admin").await?;
        seed_role(db, "viewer").await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}

// Called only by the step.
async fn seed_role<C: ConnectionTrait>(db: &C, name: &str) -> Result<(), DbErr> {
    let found = roles::Entity::find()
        .filter(roles::Column::Name.eq(name))
        .one(db)
        .await?;
    if found.is_none() {
        roles::ActiveModel {
            id: Set(Uuid::new_v4()),
            name: Set(name.to_string()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
