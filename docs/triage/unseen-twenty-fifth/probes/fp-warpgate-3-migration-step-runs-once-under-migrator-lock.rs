// FP reproduction (written from scratch) for warp-tech/warpgate at c4b19cbb,
// warpgate-db-migrations/src/m00027_ca.rs:83 (db-check-then-insert); the same cause for
// m00011_rsa_key_algos.rs:37 (db-lost-update), m00037_database_target_auth.rs:110 and
// m00038_fix_target_auth_tags.rs:111 (db-check-then-update).
//
// A sea-orm migration step (`impl MigrationTrait for Migration { async fn up(&self, manager) }`)
// is run by the migrator exactly once per database, at start-up, before any request handler
// exists; warpgate's `migrate_database` also runs the migrator under a database-wide lock
// (a Postgres advisory transaction lock, MySQL GET_LOCK) since 62cc6e4c, so even two instances
// starting together run the steps one after the other. No second actor can interleave with the
// check and the insert inside a step.
//
// racelint reports db-check-then-insert ("another request can pass the same check"). Missing
// fact: `MigrationTrait::up`/`down` bodies (and diesel/refinery/sqlx migration files) run once,
// serialised by the migrator; they have no concurrent caller in the program.
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use sea_orm_migration::prelude::*;
use uuid::Uuid;

use crate::entities::parameters;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let parameters = match parameters::Entity::find().one(db).await? {
            Some(model) => model,
            None => {
                parameters::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    ca_certificate_pem: Set(String::new()),
                    ..Default::default()
                }
                .insert(db)
                .await?
            }
        };
        let _ = parameters;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
