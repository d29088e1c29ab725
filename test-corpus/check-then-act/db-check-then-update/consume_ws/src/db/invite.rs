// The record type, in its own module: `accept` deletes the invite's row through diesel and
// ignores the count; `decline` marks it and deletes nothing.
use diesel::prelude::*;

diesel::table! {
    invites (id) {
        id -> Integer,
        token -> Text,
        org_id -> Integer,
        declined -> Bool,
    }
}

#[derive(Queryable, Clone)]
pub struct Invite {
    pub id: i32,
    pub token: String,
    pub org_id: i32,
}

impl Invite {
    pub fn find_by_token(conn: &mut PgConnection, token: &str) -> QueryResult<Option<Invite>> {
        invites::table
            .filter(invites::token.eq(token))
            .first::<Invite>(conn)
            .optional()
    }

    pub fn accept(&self, conn: &mut PgConnection) -> QueryResult<()> {
        diesel::delete(invites::table.find(self.id)).execute(conn)?;
        Ok(())
    }

    pub fn decline(&self, conn: &mut PgConnection) -> QueryResult<()> {
        diesel::update(invites::table.find(self.id))
            .set(invites::declined.eq(true))
            .execute(conn)?;
        Ok(())
    }
}
