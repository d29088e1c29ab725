// Near misses of the wrapped SeaORM lookups: a formatting macro is not the value, a finder
// whose result is not tested, a custom finder that inserts nothing.

use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};

use crate::entities::team;

macro_rules! ctx {
    ($e:expr) => {
        $e.map_err(|e| e.to_string())
    };
}

// The macro's value is a message, not the lookup: no check is made.
pub async fn describe(db: &DatabaseConnection, slug: String) -> Result<(), String> {
    let msg = format!("{:?}", team::Entity::by_slug(slug.clone()).one(db).await);
    println!("{msg}");
    let m = team::ActiveModel {
        slug: Set(slug),
        ..Default::default()
    };
    ctx!(m.insert(db).await)?;
    Ok(())
}

// The finder's rows are listed, and nothing is inserted.
pub async fn list(db: &DatabaseConnection) -> Result<usize, String> {
    let all = ctx!(team::Entity::active().all(db).await)?;
    Ok(all.len())
}
