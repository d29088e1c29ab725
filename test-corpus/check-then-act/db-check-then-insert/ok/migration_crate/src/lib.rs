// A SeaORM migration crate: the migrator lists the steps; a helper that only steps call runs
// once per database too.
pub use sea_orm_migration::prelude::*;

mod m20240101_000001_seed_roles;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20240101_000001_seed_roles::Migration)]
    }
}
