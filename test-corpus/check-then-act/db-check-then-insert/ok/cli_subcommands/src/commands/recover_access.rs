use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::entities::user;

pub async fn command(username: Option<&String>) -> Result<(), DbErr> {
    let db = sea_orm::Database::connect("postgres://localhost/app").await?;
    let Some(u) = user::Entity::find()
        .filter(user::Column::Username.eq(username.cloned().unwrap_or_default()))
        .one(&db)
        .await?
    else {
        return Ok(());
    };
    let mut policy = u.credential_policy.clone();
    policy.http = vec!["password".to_string()];
    user::ActiveModel {
        id: Set(u.id),
        credential_policy: Set(policy),
        ..Default::default()
    }
    .update(&db)
    .await?;
    Ok(())
}
