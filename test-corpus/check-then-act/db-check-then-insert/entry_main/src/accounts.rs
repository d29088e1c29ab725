use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::entities::{tag, user};

pub struct Accounts {
    pub db: DatabaseConnection,
}

impl Accounts {
    pub async fn signup_all(&self, emails: Vec<String>) {
        for e in emails {
            let _ = self.create_user(e).await;
        }
    }

    // private, called by name from `signup_all`, which `main` spawns
    async fn create_user(&self, email: String) -> Result<user::Model, DbErr> {
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

// a handler, only ever passed as a value to the router
pub(crate) async fn add_tag(db: &DatabaseConnection, post_id: i32, label: String) -> Result<(), DbErr> {
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
