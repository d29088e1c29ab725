// The handlers, in another module: an invite found, accepted through its method (which deletes
// it) and then the membership granted. Two requests with one invite both join.
use diesel::prelude::*;

use crate::db::invite::Invite;

pub fn add_member(_conn: &mut PgConnection, _org: i32, _user: i32) -> QueryResult<()> {
    Ok(())
}

// a closure run by the pool, the org id copied before the delete
pub fn join(pool: &Pool, token: String, user: i32) -> QueryResult<bool> {
    pool.run(move |conn| {
        if let Some(invite) = Invite::find_by_token(conn, &token)? {
            let org = invite.org_id;
            invite.accept(conn)?; //~ db-check-then-update
            add_member(conn, org, user)?;
            return Ok(true);
        }
        Ok(false)
    })
}

// `if let`, the record used after the delete
pub fn join_direct(conn: &mut PgConnection, token: &str, user: i32) -> QueryResult<bool> {
    if let Some(invite) = Invite::find_by_token(conn, token)? {
        invite.accept(conn)?; //~ db-check-then-update
        add_member(conn, invite.org_id, user)?;
        return Ok(true);
    }
    Ok(false)
}

// quiet: `decline` does not delete the invite
pub fn refuse(conn: &mut PgConnection, token: &str) -> QueryResult<bool> {
    if let Some(invite) = Invite::find_by_token(conn, token)? {
        invite.decline(conn)?;
        add_member(conn, invite.org_id, 0)?;
        return Ok(true);
    }
    Ok(false)
}
