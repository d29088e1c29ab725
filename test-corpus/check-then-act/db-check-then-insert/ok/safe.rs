// Negative cases of `db-check-then-insert`: the database decides (on conflict, a handled
// unique violation), or the check and the insert run locked / serialisable.

use diesel::dsl::exists;
use diesel::prelude::*;

use crate::schema::users;
use crate::schema::users::dsl::*;

// The insert cannot duplicate: `on_conflict_do_nothing`.
pub fn register(conn: &mut PgConnection, n: &str) -> QueryResult<usize> {
    let taken: bool = diesel::select(exists(users.filter(name.eq(n)))).get_result(conn)?;
    if taken {
        return Ok(0);
    }
    diesel::insert_into(users::table)
        .values(name.eq(n))
        .on_conflict_do_nothing()
        .execute(conn)
}

// The unique violation of the insert is the "already exists" answer.
pub fn register_checked(conn: &mut PgConnection, n: &str) -> Result<(), AppError> {
    let found = users::table.filter(name.eq(n)).first::<User>(conn).optional()?;
    if found.is_some() {
        return Err(AppError::Taken);
    }
    match diesel::insert_into(users::table).values(name.eq(n)).execute(conn) {
        Err(diesel::result::Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Err(AppError::Taken)
        }
        other => other.map(|_| ()).map_err(Into::into),
    }
}

// Check and insert in a SERIALIZABLE transaction.
pub fn register_serial(conn: &mut PgConnection, n: &str) -> QueryResult<()> {
    conn.build_transaction().serializable().run(|conn| {
        let found = users::table.filter(name.eq(n)).first::<User>(conn).optional()?;
        if found.is_none() {
            diesel::insert_into(users::table).values(name.eq(n)).execute(conn)?;
        }
        Ok(())
    })
}

// A different table: the lookup does not decide the insert.
pub fn audit(conn: &mut PgConnection, n: &str) -> QueryResult<()> {
    use crate::schema::audit_log;
    let found = users::table.filter(name.eq(n)).first::<User>(conn).optional()?;
    if found.is_none() {
        diesel::insert_into(audit_log::table)
            .values(audit_log::msg.eq("unknown user"))
            .execute(conn)?;
    }
    Ok(())
}

// SeaORM: the insert is `on_conflict(..do_nothing())`.
pub async fn tag(db: &DatabaseConnection, label: String) -> Result<(), DbErr> {
    let t = tag::Entity::find()
        .filter(tag::Column::Label.eq(label.clone()))
        .one(db)
        .await?;
    if t.is_none() {
        tag::Entity::insert(tag::ActiveModel {
            label: Set(label),
            ..Default::default()
        })
        .on_conflict(OnConflict::column(tag::Column::Label).do_nothing().to_owned())
        .exec(db)
        .await?;
    }
    Ok(())
}

// Not a database: a map and a plain value named like a connection are not record types.
pub fn local(map: &mut std::collections::HashMap<String, Conn>, k: String, conn: Conn) {
    if map.get(&k).is_none() {
        map.insert(k, conn);
    }
}

// "not found" ends the request; nothing is inserted in that arm
pub fn not_found_is_an_answer(conn: &mut PgConnection, name: &str) -> Result<i32, String> {
    match users::table
        .select(users::id)
        .filter(users::name.eq(name))
        .first(conn)
    {
        Ok(id) => Ok(id),
        Err(diesel::NotFound) => Err(format!("no user {name}")),
        Err(e) => Err(e.to_string()),
    }
}

// the insert of the "not found" arm lets the unique index decide
pub fn not_found_then_upsert(conn: &mut PgConnection, name: &str) -> Result<usize, diesel::result::Error> {
    match users::table
        .select(users::id)
        .filter(users::name.eq(name))
        .first::<i32>(conn)
    {
        Ok(_) => Ok(0),
        Err(diesel::NotFound) => diesel::insert_into(users::table)
            .values(users::name.eq(name))
            .on_conflict_do_nothing()
            .execute(conn),
        Err(e) => Err(e),
    }
}
