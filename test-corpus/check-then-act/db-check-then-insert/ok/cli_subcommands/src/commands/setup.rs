use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::entities::role;

pub async fn command(_cli: &crate::Cli) -> Result<(), DbErr> {
    let db = sea_orm::Database::connect("postgres://localhost/app").await?;
    let _admin = match role::Entity::find()
        .filter(role::Column::Name.eq("admin"))
        .one(&db)
        .await?
    {
        Some(role) => role,
        None => {
            role::ActiveModel {
                id: Set(uuid::Uuid::new_v4()),
                name: Set("admin".to_string()),
            }
            .insert(&db)
            .await?
        }
    };
    Ok(())
}
