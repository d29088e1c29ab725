// The steps of a database migration (`impl MigrationTrait for Migration`, SeaORM) run once per
// database: the migrator applies each step once, records it, and runs before the program
// serves anything. A check and an insert inside a step have no second actor (helpers only
// steps call: `migration_crate/`). (Instances racing to migrate one database is the race of the migrator
// call, not of the step.)

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
