// `db-check-then-insert` with SeaORM where the ActiveModel is bound to a local first and the
// insert's error is mapped: the edit inserts the local with `ON CONFLICT .. DO NOTHING`.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, Set};

use crate::entities::{grant, setting, subscription};

#[derive(Debug)]
pub enum AppError {
    Db(String),
    AlreadyExists,
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        AppError::Db(e.to_string())
    }
}

pub enum AddGrant {
    AlreadyExists,
    Created,
}

// a handler: `.all(db)` whose emptiness is the check, a local model, `.map_err(path)?;`
pub async fn add_grant(db: &DatabaseConnection, user_id: i32, role_id: i32) -> Result<AddGrant, AppError> {
    if !grant::Entity::find()
        .filter(grant::Column::UserId.eq(user_id))
        .filter(grant::Column::RoleId.eq(role_id))
        .all(db)
        .await
        .map_err(AppError::from)?
        .is_empty()
    {
        return Ok(AddGrant::AlreadyExists);
    }

    let values = grant::ActiveModel {
        user_id: Set(user_id),
        role_id: Set(role_id),
    };

    values.insert(db).await.map_err(AppError::from)?; //~ db-check-then-insert

    Ok(AddGrant::Created)
}

pub struct Settings {
    db: DatabaseConnection,
}

impl Settings {
    // update-or-insert in a method: the insert is in the `else` branch, its error mapped by
    // a closure that formats (a string with parentheses in it)
    pub async fn put(&self, key: &str, value: String) -> Result<(), AppError> {
        let existing = setting::Entity::find()
            .filter(setting::Column::Key.eq(key))
            .one(&self.db)
            .await?;
        if let Some(existing) = existing {
            let mut active: setting::ActiveModel = existing.into();
            active.value = Set(value);
            active.update(&self.db).await?;
        } else {
            let mut active = setting::ActiveModel {
                key: Set(key.to_string()),
                ..Default::default()
            };
            active.value = Set(value);
            active
                .insert(&self.db) //~ db-check-then-insert
                .await
                .map_err(|e| AppError::Db(format!("insert (setting): {e}")))?;
        }
        Ok(())
    }
}

// a `match` on the lookup, the insert in the `None` arm, the model bound in the arm
pub async fn subscribe(db: &DatabaseConnection, topic: String, email: String) -> Result<bool, DbErr> {
    let found = subscription::Entity::find()
        .filter(subscription::Column::Topic.eq(topic.clone()))
        .filter(subscription::Column::Email.eq(email.clone()))
        .one(db)
        .await?;
    match found {
        Some(_) => Ok(false),
        None => {
            let row = subscription::ActiveModel {
                topic: Set(topic),
                email: Set(email),
                ..Default::default()
            };
            row.insert(db).await?; //~ db-check-then-insert
            Ok(true)
        }
    }
}

// near misses, reported without an edit:
// the inserted model is used afterwards (`exec_without_returning` gives a count, not a model)
pub async fn add_grant_returning(db: &DatabaseConnection, user_id: i32, role_id: i32) -> Result<grant::Model, AppError> {
    let existing = grant::Entity::find()
        .filter(grant::Column::UserId.eq(user_id))
        .filter(grant::Column::RoleId.eq(role_id))
        .one(db)
        .await?;
    if existing.is_some() {
        return Err(AppError::AlreadyExists);
    }
    let values = grant::ActiveModel {
        user_id: Set(user_id),
        role_id: Set(role_id),
    };
    let created = values.insert(db).await.map_err(AppError::from)?; //~ db-check-then-insert
    Ok(created)
}

// the local is bound with a type annotation: left alone
pub async fn add_grant_typed(db: &DatabaseConnection, user_id: i32, role_id: i32) -> Result<(), AppError> {
    let existing = grant::Entity::find()
        .filter(grant::Column::UserId.eq(user_id))
        .one(db)
        .await?;
    if existing.is_none() {
        let values: grant::ActiveModel = grant::ActiveModel {
            user_id: Set(user_id),
            role_id: Set(role_id),
        };
        values.insert(db).await?; //~ db-check-then-insert
    }
    Ok(())
}
