// FP reproduction (written from scratch) for warp-tech/warpgate at c4b19cbb,
// warpgate-admin/src/api/ssh_keys.rs:202 (db-lost-update).
//
// `api_update_client_key` reads the key by id only to answer NotFound, then updates an
// ActiveModel built from `Unchanged(key.id)` and the request body (`label`, `is_default`).
// No value that was read is written back, so there is no stale copy that could overwrite a
// concurrent change: a concurrent update of the same row is replaced by this request's values,
// which is what the request asks for (a blind update, last writer wins).
//
// racelint reports db-lost-update ("the record read ... is modified and saved back"). Missing
// fact: when the saved ActiveModel is built only from the read row's key (`Unchanged(row.id)`)
// and request values, with `..Default::default()` for the rest (NotSet columns are not
// written), the read is an existence check and the update does not carry the read state.
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set, Unchanged};
use uuid::Uuid;

use crate::entities::SshClientKey;

pub struct UpdateRequest { pub label: String, pub is_default: bool }

pub enum UpdateResponse { Ok(SshClientKey::Model), NotFound }

pub async fn api_update_client_key(
    db: &DatabaseConnection,
    id: Uuid,
    body: UpdateRequest,
) -> Result<UpdateResponse, sea_orm::DbErr> {
    let Some(key) = SshClientKey::Entity::find_by_id(id).one(db).await? else {
        return Ok(UpdateResponse::NotFound);
    };

    let model = SshClientKey::ActiveModel {
        id: Unchanged(key.id),
        label: Set(body.label),
        is_default: Set(body.is_default),
        ..Default::default()
    }
    .update(db)
    .await?;

    Ok(UpdateResponse::Ok(model))
}
