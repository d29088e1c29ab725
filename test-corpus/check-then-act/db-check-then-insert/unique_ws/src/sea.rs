// SeaORM: the unique constraints come from a migration written in Rust, an entity's
// attributes and a raw SQL statement of a migration.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Devices::Table)
                    .if_not_exists()
                    .col(ColumnDef::new(Devices::Id).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(Devices::Uuid).uuid().not_null().unique_key())
                    .col(ColumnDef::new(Devices::Name).string().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_labels_owner_text")
                    .table(Labels::Table)
                    .col(Labels::OwnerId)
                    .col(Labels::Text)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("CREATE UNIQUE INDEX idx_mounts_path ON mounts (path)")
            .await?;
        Ok(())
    }
}

pub mod slot {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, DeriveEntityModel)]
    #[sea_orm(table_name = "slots")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub number: i32,
        #[sea_orm(unique)]
        pub holder: String,
    }
}

// `ColumnDef::new(Devices::Uuid)..unique_key()` (note).
pub async fn register_device(db: &DatabaseConnection, uuid: Uuid, name: String) -> Result<(), DbErr> {
    let existing = device::Entity::find()
        .filter(device::Column::Uuid.eq(uuid))
        .one(db)
        .await?;
    if existing.is_none() {
        device::ActiveModel { uuid: Set(uuid), name: Set(name), ..Default::default() }
            .insert(db) //~ db-check-then-insert
            .await?;
    }
    Ok(())
}

// The composite unique index of `Index::create()..unique()` (note).
pub async fn label(db: &DatabaseConnection, owner: i32, text: String) -> Result<(), DbErr> {
    let existing = label::Entity::find()
        .filter(label::Column::OwnerId.eq(owner))
        .filter(label::Column::Text.eq(text.clone()))
        .one(db)
        .await?;
    if existing.is_none() {
        label::ActiveModel { owner_id: Set(owner), text: Set(text), ..Default::default() }
            .insert(db) //~ db-check-then-insert
            .await?;
    }
    Ok(())
}

// `execute_unprepared("CREATE UNIQUE INDEX .. ON mounts (path)")` (note).
pub async fn mount(db: &DatabaseConnection, path: String) -> Result<(), DbErr> {
    let existing = mount::Entity::find()
        .filter(mount::Column::Path.eq(path.clone()))
        .one(db)
        .await?;
    if existing.is_none() {
        mount::ActiveModel { path: Set(path), ..Default::default() }
            .insert(db) //~ db-check-then-insert
            .await?;
    }
    Ok(())
}

// The entity's primary key, looked up with `find_by_id` (note), and its `#[sea_orm(unique)]`
// column (note).
pub async fn claim_slot(db: &DatabaseConnection, number: i32, holder: String) -> Result<(), DbErr> {
    if slot::Entity::find_by_id(number).one(db).await?.is_none() {
        slot::ActiveModel { number: Set(number), holder: Set(holder), ..Default::default() }
            .insert(db) //~ db-check-then-insert
            .await?;
    }
    Ok(())
}

pub async fn hold(db: &DatabaseConnection, number: i32, holder: String) -> Result<(), DbErr> {
    let held = slot::Entity::find()
        .filter(slot::Column::Holder.eq(holder.clone()))
        .one(db)
        .await?;
    if held.is_none() {
        slot::ActiveModel { number: Set(number), holder: Set(holder), ..Default::default() }
            .insert(db) //~ db-check-then-insert
            .await?;
    }
    Ok(())
}
