// db-check-then-insert with diesel against the unique constraints of
// `migrations/*/up.sql`: a duplicate the database rejects is a note, one it lets through a
// warning.

use diesel::dsl::exists;
use diesel::prelude::*;

use crate::schema::{invites, memberships, users};

// `users.name` is UNIQUE: the second sign-up's insert fails with a unique violation (note).
pub fn sign_up(conn: &mut PgConnection, new_name: &str, new_email: &str) -> QueryResult<()> {
    let taken: bool = diesel::select(exists(users::table.filter(users::name.eq(new_name))))
        .get_result(conn)?;
    if taken {
        return Ok(());
    }
    diesel::insert_into(users::table)
        .values((users::name.eq(new_name), users::email.eq(new_email)))
        .execute(conn)?; //~ db-check-then-insert
    Ok(())
}

// `users.email` has no unique constraint (the one in down.sql is not in the database): two
// rows with one email (warning).
pub fn add_email_user(conn: &mut PgConnection, new_name: &str, new_email: &str) -> QueryResult<()> {
    let existing = users::table
        .filter(users::email.eq(new_email))
        .first::<User>(conn)
        .optional()?;
    if existing.is_none() {
        diesel::insert_into(users::table)
            .values((users::name.eq(new_name), users::email.eq(new_email)))
            .execute(conn)?; //~ db-check-then-insert
    }
    Ok(())
}

// The composite UNIQUE (org_id, user_id) covers the two columns checked (note).
pub fn join_org(conn: &mut PgConnection, org: i32, user: i32) -> QueryResult<()> {
    let found = memberships::table
        .filter(memberships::org_id.eq(org).and(memberships::user_id.eq(user)))
        .first::<Membership>(conn)
        .optional()?;
    if found.is_none() {
        diesel::insert_into(memberships::table)
            .values((memberships::org_id.eq(org), memberships::user_id.eq(user)))
            .execute(conn)?; //~ db-check-then-insert
    }
    Ok(())
}

// Only `user_id` is checked: the composite key does not stop a second membership of the user
// in another org that this check meant to prevent (warning).
pub fn join_first_org(conn: &mut PgConnection, org: i32, user: i32) -> QueryResult<()> {
    let found = memberships::table
        .filter(memberships::user_id.eq(user))
        .first::<Membership>(conn)
        .optional()?;
    if found.is_none() {
        diesel::insert_into(memberships::table)
            .values((memberships::org_id.eq(org), memberships::user_id.eq(user)))
            .execute(conn)?; //~ db-check-then-insert
    }
    Ok(())
}

// A quoted unique index, `CREATE UNIQUE INDEX IF NOT EXISTS "idx_invites_code" ON "invites"
// ("code")` (note).
pub fn invite(conn: &mut PgConnection, invite_code: &str, to: &str) -> QueryResult<()> {
    let used = invites::table
        .filter(invites::code.eq(invite_code))
        .first::<Invite>(conn)
        .optional()?;
    if used.is_none() {
        diesel::insert_into(invites::table)
            .values((invites::code.eq(invite_code), invites::email.eq(to)))
            .execute(conn)?; //~ db-check-then-insert
    }
    Ok(())
}

// The tables named through `use .. as ..` renames (in the function body, in a grouped use):
// the same keys apply (notes), and the unkeyed column stays a warning.
pub fn sign_up_aliased(conn: &mut PgConnection, new_name: &str, new_email: &str) -> QueryResult<()> {
    use crate::schema::users as u;
    let taken: bool =
        diesel::select(exists(u::table.filter(u::name.eq(new_name)))).get_result(conn)?;
    if taken {
        return Ok(());
    }
    diesel::insert_into(u::table)
        .values((u::name.eq(new_name), u::email.eq(new_email)))
        .execute(conn)?; //~ db-check-then-insert
    Ok(())
}

pub mod aliased {
    use diesel::prelude::*;

    use crate::schema::{invites as inv, users as people};

    pub fn invite(conn: &mut PgConnection, invite_code: &str, to: &str) -> QueryResult<()> {
        let used = inv::table
            .filter(inv::code.eq(invite_code))
            .first::<super::Invite>(conn)
            .optional()?;
        if used.is_none() {
            diesel::insert_into(inv::table)
                .values((inv::code.eq(invite_code), inv::email.eq(to)))
                .execute(conn)?; //~ db-check-then-insert
        }
        Ok(())
    }

    pub fn add_email_user(conn: &mut PgConnection, new_name: &str, new_email: &str) -> QueryResult<()> {
        let existing = people::table
            .filter(people::email.eq(new_email))
            .first::<super::User>(conn)
            .optional()?;
        if existing.is_none() {
            diesel::insert_into(people::table)
                .values((people::name.eq(new_name), people::email.eq(new_email)))
                .execute(conn)?; //~ db-check-then-insert
        }
        Ok(())
    }
}
