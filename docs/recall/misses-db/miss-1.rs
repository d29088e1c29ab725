// miss-1: SeaORM lost update where the old field value is first copied into a local.
// Expected: db-lost-update at the `am.update(..)` line (line 24); racelint finds the
// same code when `Set(k.downloads + 1)` reads the field directly (see `ok_direct`).
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
mod krate {
    pub struct Entity;
}

pub struct Db {
    conn: DatabaseConnection,
}

impl Db {
    pub async fn count_download(&self, name: &str) -> Result<(), sea_orm::DbErr> {
        let k = krate::Entity::find()
            .filter(krate::Column::Name.eq(name))
            .one(&self.conn)
            .await?
            .ok_or(sea_orm::DbErr::RecordNotFound(name.into()))?;
        let downloads = k.downloads; // old value copied into a local
        let mut am: krate::ActiveModel = k.into();
        am.downloads = Set(downloads + 1); // computed from the local
        // EXPECTED: db-lost-update here (read at line 15, write-back below)
        am.update(&self.conn).await?;
        Ok(())
    }

    // Same code reading the field directly: reported.
    pub async fn ok_direct(&self, name: &str) -> Result<(), sea_orm::DbErr> {
        let k = krate::Entity::find()
            .filter(krate::Column::Name.eq(name))
            .one(&self.conn)
            .await?
            .unwrap();
        let mut am: krate::ActiveModel = k.clone().into();
        am.downloads = Set(k.downloads + 1);
        am.update(&self.conn).await?;
        Ok(())
    }
}
