// A migration step (SeaORM `MigrationTrait::up`) rewriting rows from their old values runs
// once per database, before the program serves anything: no second writer of those rows.

use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use sea_orm_migration::prelude::*;

use crate::entities::keys;

pub struct Migration;

impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let connection = manager.get_connection();
        let creds = keys::Entity::find().all(connection).await?;
        for cred in creds {
            let normalized = cred.openssh_public_key.trim().to_string();
            let am = keys::ActiveModel {
                openssh_public_key: Set(normalized),
                ..cred.into_active_model()
            };
            am.update(connection).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
