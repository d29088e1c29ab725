// Positive cases of `db-check-then-insert` with SeaORM: `Entity::find().filter(..).one(db)`
// finds nothing, then an ActiveModel is inserted.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use crate::entities::{tag, user};

pub struct UserService {
    db: DatabaseConnection,
}

impl UserService {
    pub async fn create(&self, email: String) -> Result<user::Model, DbErr> {
        let existing = user::Entity::find()
            .filter(user::Column::Email.eq(email.clone()))
            .one(&self.db)
            .await?;
        if existing.is_some() {
            return Err(DbErr::Custom("email taken".into()));
        }
        let am = user::ActiveModel {
            email: Set(email),
            ..Default::default()
        };
        am.insert(&self.db).await //~ db-check-then-insert
    }
}

// `if let` with the insert in the else branch, a struct literal inserted directly.
pub async fn tag_post(db: &DatabaseConnection, post_id: i32, label: String) -> Result<(), DbErr> {
    if let Some(_t) = tag::Entity::find()
        .filter(tag::Column::PostId.eq(post_id))
        .filter(tag::Column::Label.eq(label.clone()))
        .one(db)
        .await?
    {
        Ok(())
    } else {
        tag::ActiveModel {
            post_id: Set(post_id),
            label: Set(label),
            ..Default::default()
        }
        .insert(db) //~ db-check-then-insert
        .await?;
        Ok(())
    }
}
