// The row is read only to answer "not found"; the update writes the request's values and the
// row's key, and leaves every other column unset (`..Default::default()`: `NotSet`, not
// written). Nothing read is written back, so no concurrent change is lost through a stale
// copy: a concurrent update of the same columns is replaced by this request's values, which is
// what the request asks for (last writer wins).

use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set, Unchanged};
use uuid::Uuid;

use crate::entities::{role, ssh_key};

pub struct UpdateRequest {
    pub label: String,
    pub is_default: bool,
}

pub enum UpdateResponse {
    Ok(ssh_key::Model),
    NotFound,
}

// `let … else`, `Unchanged(key.id)`.
pub async fn update_key(
    db: &DatabaseConnection,
    id: Uuid,
    body: UpdateRequest,
) -> Result<UpdateResponse, sea_orm::DbErr> {
    let Some(key) = ssh_key::Entity::find_by_id(id).one(db).await? else {
        return Ok(UpdateResponse::NotFound);
    };
    let model = ssh_key::ActiveModel {
        id: Unchanged(key.id),
        label: Set(body.label),
        is_default: Set(body.is_default),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(UpdateResponse::Ok(model))
}

// `match`, the model bound first, `ActiveModel::default()` as the rest.
pub async fn rename_role(db: &DatabaseConnection, id: Uuid, name: String) -> Result<bool, sea_orm::DbErr> {
    let existing = role::Entity::find_by_id(id).one(db).await?;
    match existing {
        None => Ok(false),
        Some(r) => {
            let am = role::ActiveModel {
                id: Set(r.id),
                name: Set(name),
                ..role::ActiveModel::default()
            };
            am.update(db).await?;
            Ok(true)
        }
    }
}
