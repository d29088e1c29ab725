// The unique constraint on `accounts.login` rejects the racing insert, and the code maps the
// violation to "already exists": nothing to report, not even a note.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error};

pub fn open_account(conn: &mut PgConnection, wanted: &str) -> Result<bool, Error> {
    let found = accounts::table
        .filter(accounts::login.eq(wanted))
        .first::<Account>(conn)
        .optional()?;
    if found.is_some() {
        return Ok(false);
    }
    match diesel::insert_into(accounts::table)
        .values(accounts::login.eq(wanted))
        .execute(conn)
    {
        Ok(_) => Ok(true),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e),
    }
}
