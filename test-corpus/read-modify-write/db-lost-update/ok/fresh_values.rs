// Near misses of `db-lost-update`: the record saved is built field by field from the incoming
// message; only the row's key comes from the read, so no value read from the row is written
// back and nothing another writer changed can be lost.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

pub async fn apply_snapshot(db: &DatabaseConnection, msg: EntrySnapshot) -> Result<(), DbErr> {
    let existing = entry::Entity::find()
        .filter(entry::Column::Uuid.eq(msg.uuid))
        .one(db)
        .await?;
    if let Some(existing_entry) = existing {
        let am = entry::ActiveModel {
            id: Set(existing_entry.id),
            uuid: Set(msg.uuid),
            name: Set(msg.name.clone()),
            size: Set(msg.size),
        };
        am.update(db).await?;
    }
    Ok(())
}

// The key read is carried into another table's row through a local: still only a key.
pub async fn link_path(db: &DatabaseConnection, uuid: Uuid, path: String) -> Result<(), DbErr> {
    let existing = entry::Entity::find()
        .filter(entry::Column::Uuid.eq(uuid))
        .one(db)
        .await?;
    let entry_id = match existing {
        Some(e) => e.id,
        None => return Ok(()),
    };
    let row = directory_paths::ActiveModel {
        entry_id: Set(entry_id),
        path: Set(path),
    };
    row.update(db).await?;
    Ok(())
}
