// A database type whose own methods look a collection up and create it; get-or-create calls
// them on `self` and treats the application's "not found" error kind as absent.
use diesel::prelude::*;

pub enum DbErrorKind {
    CollectionNotFound,
    Other,
}

pub struct DbError(DbErrorKind);

impl DbError {
    pub fn kind(&self) -> &DbErrorKind {
        &self.0
    }
}

pub struct MysqlDb {
    conn: MysqlConnection,
}

impl MysqlDb {
    pub fn get_collection_id(&self, name: &str) -> Result<i32, DbError> {
        sql_query("SELECT id FROM collections WHERE name = ?")
            .bind::<Text, _>(name)
            .get_result::<IdResult>(&self.conn)
            .map(|r| r.id)
            .map_err(|_| DbError(DbErrorKind::CollectionNotFound))
    }

    pub fn create_collection(&self, name: &str) -> Result<i32, DbError> {
        sql_query("INSERT INTO collections (name) VALUES (?)")
            .bind::<Text, _>(name)
            .execute(&self.conn)
            .map(|_| 0)
            .map_err(|_| DbError(DbErrorKind::Other))
    }

    pub fn get_or_create_collection_id(&self, name: &str) -> Result<i32, DbError> {
        self.get_collection_id(name).or_else(|e| match e.kind() {
            DbErrorKind::CollectionNotFound => self.create_collection(name), //~ db-check-then-insert
            _ => Err(e),
        })
    }
}
