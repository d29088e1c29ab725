// `db-lost-update` with a record built as a struct literal with a `..rest`: a rest built from
// the row read carries every column it does not name back as read; a column computed from the
// row (a fallback to the old value) carries that value.

use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set, Unchanged};
use uuid::Uuid;

use crate::entities::{role, ssh_key};

pub struct UpdateRequest {
    pub label: String,
    pub is_default: Option<bool>,
}

// The rest is the old row: `is_default`, `public_key`, .. are written back as read.
pub async fn update_key(db: &DatabaseConnection, id: Uuid, body: UpdateRequest) -> Result<(), sea_orm::DbErr> {
    let Some(key) = ssh_key::Entity::find_by_id(id).one(db).await? else {
        return Ok(());
    };
    let am = ssh_key::ActiveModel {
        id: Unchanged(key.id),
        label: Set(body.label),
        ..key.into()
    };
    am.update(db).await?; //~ db-lost-update
    Ok(())
}

// One column falls back to the value read.
pub async fn update_role(db: &DatabaseConnection, id: Uuid, body: UpdateRequest) -> Result<(), sea_orm::DbErr> {
    let Some(r) = role::Entity::find_by_id(id).one(db).await? else {
        return Ok(());
    };
    let am = role::ActiveModel {
        id: Unchanged(r.id),
        name: Set(body.label),
        is_default: Set(body.is_default.unwrap_or(r.is_default)),
        ..Default::default()
    };
    am.update(db).await?; //~ db-lost-update
    Ok(())
}
