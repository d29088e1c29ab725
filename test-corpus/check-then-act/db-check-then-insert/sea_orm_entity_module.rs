// `db-check-then-insert` in a SeaORM entity's own module: `Entity::find()` and `ActiveModel`
// without a module path. The edit names them the same way.

use sea_orm::entity::prelude::*;
use sea_orm::Set;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "device")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub uuid: Uuid,
    pub name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub async fn register(db: &DatabaseConnection, uuid: Uuid, name: String) -> Result<(), DbErr> {
        let existing = Entity::find().filter(Column::Uuid.eq(uuid)).one(db).await?;
        if existing.is_none() {
            let active = ActiveModel {
                uuid: Set(uuid),
                name: Set(name),
                ..Default::default()
            };
            active.insert(db).await?; //~ db-check-then-insert
        }
        Ok(())
    }
}
