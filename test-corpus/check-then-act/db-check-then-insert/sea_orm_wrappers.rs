// SeaORM lookups hidden behind a project's error macro or a custom finder on the entity:
// the lookup still finds nothing and the insert still races.

use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::entities::{event_type, team};

macro_rules! ctx {
    ($e:expr) => {
        $e.map_err(|e| e.to_string())
    };
}

// The lookup and the insert each wrapped in a macro that maps the error.
pub async fn create_event_type(db: &DatabaseConnection, name: String) -> Result<(), String> {
    let existing = ctx!(event_type::Entity::find()
        .filter(event_type::Column::Name.eq(name.clone()))
        .one(db)
        .await)?;
    if existing.is_none() {
        let m = event_type::ActiveModel {
            name: Set(name),
            ..Default::default()
        };
        ctx!(m.insert(db).await)?; //~ db-check-then-insert
    }
    Ok(())
}

// A finder the project defined on the entity (`fn by_slug(s) -> Select<Entity>`).
pub async fn create_team(db: &DatabaseConnection, slug: String) -> Result<(), String> {
    match team::Entity::by_slug(slug.clone())
        .one(db)
        .await
        .map_err(|e| e.to_string())?
    {
        Some(_) => Err("taken".into()),
        None => {
            let m = team::ActiveModel {
                slug: Set(slug),
                ..Default::default()
            };
            m.insert(db).await.map_err(|e| e.to_string())?; //~ db-check-then-insert
            Ok(())
        }
    }
}
