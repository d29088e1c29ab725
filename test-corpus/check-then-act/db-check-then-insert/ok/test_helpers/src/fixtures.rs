use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::entities::{tag, user};

pub struct Fixtures {
    pub db: DatabaseConnection,
}

impl Fixtures {
    // only `tests/common/mod.rs` calls it
    pub async fn seed_fixture_user(&self, email: String) -> Result<user::Model, DbErr> {
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
        am.insert(&self.db).await
    }
}

// only a closure inside a unit test calls it
async fn seed_fixture_tag(db: &DatabaseConnection, post_id: i32, label: String) -> Result<(), DbErr> {
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
        .insert(db)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn tags() {
        let db = DatabaseConnection::default();
        let seed = |l: String| seed_fixture_tag(&db, 1, l);
        seed("a".into()).await.unwrap();
    }
}
