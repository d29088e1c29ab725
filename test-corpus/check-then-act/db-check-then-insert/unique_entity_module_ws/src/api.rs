// SeaORM entities are queried by their module (`TargetRoleAssignment::Entity`), which need not
// be named like their table (`target_roles`): the keys the entity declares are the module's
// too. A composite primary key covers a check of both its columns.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::entities::TargetRoleAssignment;

pub enum AddResponse {
    Created,
    AlreadyExists,
}

// The pair is the primary key: a racing second insert fails with a key violation (note).
pub async fn add_target_role(db: &DatabaseConnection, target: Uuid, role: Uuid) -> Result<AddResponse, DbErr> {
    if !TargetRoleAssignment::Entity::find()
        .filter(TargetRoleAssignment::Column::TargetId.eq(target))
        .filter(TargetRoleAssignment::Column::RoleId.eq(role))
        .all(db)
        .await?
        .is_empty()
    {
        return Ok(AddResponse::AlreadyExists);
    }
    let values = TargetRoleAssignment::ActiveModel {
        target_id: Set(target),
        role_id: Set(role),
    };
    values.insert(db).await?; //~ db-check-then-insert
    Ok(AddResponse::Created)
}

// Only the target is checked ("one role per target"): the key allows a second role (warning).
pub async fn set_only_role(db: &DatabaseConnection, target: Uuid, role: Uuid) -> Result<AddResponse, DbErr> {
    let existing = TargetRoleAssignment::Entity::find()
        .filter(TargetRoleAssignment::Column::TargetId.eq(target))
        .one(db)
        .await?;
    if existing.is_some() {
        return Ok(AddResponse::AlreadyExists);
    }
    TargetRoleAssignment::ActiveModel {
        target_id: Set(target),
        role_id: Set(role),
    }
    .insert(db) //~ db-check-then-insert
    .await?;
    Ok(AddResponse::Created)
}
