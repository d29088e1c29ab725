// miss-4: check-then-insert (and one-time signup token reuse) where both the check and
// the insert sit in helpers: the check helper returns `Result<()>` and fails early,
// the insert is a model method. Expected: db-check-then-insert at line 41
// (`User::create`), checked at line 37 through `ensure_email_free` -> `User::email_used`.
// Two independent blockers (each verified alone): (1) the bool predicate is named
// `email_used` (renamed `exists_by_email` and called inline, it is reported);
// (2) the check sits in a guard helper returning `Result<()>` used as `ensure_..(..)?;`
// (with `exists_by_email` inside the guard, still silent).
use diesel::dsl::exists;
use diesel::prelude::*;

mod schema {
    diesel::table! { users (id) { id -> Int4, email -> Text, } }
    diesel::table! { signups (id) { id -> Int4, email -> Text, } }
}
use schema::{signups, users};

pub struct User;
impl User {
    pub fn email_used(conn: &mut PgConnection, email: &str) -> QueryResult<bool> {
        diesel::select(exists(users::table.filter(users::email.eq(email)))).get_result(conn)
    }
    pub fn create(conn: &mut PgConnection, email: &str) -> QueryResult<i32> {
        diesel::insert_into(users::table).values(users::email.eq(email)).returning(users::id).get_result(conn)
    }
}

fn ensure_email_free(conn: &mut PgConnection, email: &str) -> QueryResult<()> {
    if User::email_used(conn, email)? {
        return Err(diesel::result::Error::NotFound);
    }
    Ok(())
}

pub fn complete_signup(conn: &mut PgConnection, signup_id: i32, email: &str) -> QueryResult<i32> {
    // check (through a helper)
    ensure_email_free(conn, email)?;
    // act (through a model method); two concurrent completions of the same signup both
    // get here, create two users and both consume the one-time signup row
    // EXPECTED: db-check-then-insert on the next line
    let id = User::create(conn, email)?;
    diesel::delete(signups::table.find(signup_id)).execute(conn)?;
    Ok(id)
}
