// `db-lost-update` with a record built as a struct literal: one column carries a value
// computed from the row read, so a concurrent change of it is overwritten.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

pub async fn link_content(db: &DatabaseConnection, hash: String) -> Result<(), DbErr> {
    let existing = content::Entity::find()
        .filter(content::Column::Hash.eq(hash.clone()))
        .one(db)
        .await?;
    if let Some(found) = existing {
        let am = content::ActiveModel {
            id: Set(found.id),
            hash: Set(hash),
            entry_count: Set(found.entry_count + 1),
        };
        am.update(db).await?; //~ db-lost-update
    }
    Ok(())
}
