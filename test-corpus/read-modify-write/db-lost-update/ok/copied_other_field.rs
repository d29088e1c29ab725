// A local copied from another field (or from the request) sets this field: a plain
// overwrite, not a value computed from the field's old value.
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, EntityTrait, Set};

pub async fn rename(db: &DatabaseConnection, id: i32, name: String) -> Result<(), DbErr> {
    let krate = krate::Entity::find_by_id(id).one(db).await?.unwrap();
    let owner = krate.owner_id;
    let mut am: krate::ActiveModel = krate.into();
    am.name = Set(format!("{owner}-{name}"));
    am.update(db).await?;
    Ok(())
}
