// Probe (written from scratch) for a missed bug in DefGuard/defguard.
// Fix commit: cd6e40c5 "Fixes pentest issue DG25-24 from 2025-09-02 (#1585)" (parent 56040c23).
//
// What goes wrong: the OpenID token endpoint looks the authorization code up
// (`SELECT .. WHERE code = $1`), keeps a copy of the row, deletes the code through a helper
// (`consume(self)`, which calls the record's `delete`), ignores how many rows the delete removed,
// and issues tokens from the copy. Two token requests with the same code (a replay, a client
// retry) both find the row before either deletes it; both deletes succeed (the second removes
// nothing) and both requests get tokens for one single-use code (RFC 6749 forbids it). The fix
// makes the lookup the claim: `DELETE FROM .. WHERE code = $1 RETURNING ..`.
//
// racelint reports the same consume when the found record itself is deleted with `delete` and
// used after it (`contrast_direct`, reported: db-check-then-update). Two facts are missing, and
// each alone keeps the real shape silent (both checked separately):
//   1. a delete made through a helper of the record (`consume(self)` -> `self.delete(pool)`) is
//      the delete of the found row;
//   2. a copy taken before the delete (`let code = stored.clone()`) is "what was found", so its
//      use after the delete makes the consume count.
// (On the parent tree racelint did print a db-check-then-update naming this lookup, but its act
// was a different delete, of the client's previous OAuth2 token, 24 lines later; the same
// pairing is an FP at HEAD, openid_flow.rs:930. I counted the bug as missed.)
use sqlx::PgPool;

#[derive(Clone)]
pub struct LoginCode { pub id: i64, pub user_id: i64, pub code: String }

impl LoginCode {
    pub async fn find_code(pool: &PgPool, code: &str) -> Result<Option<LoginCode>, sqlx::Error> {
        sqlx::query_as!(LoginCode, "SELECT id, user_id, code FROM login_code WHERE code = $1", code)
            .fetch_optional(pool)
            .await
    }

    pub async fn delete(&self, pool: &PgPool) -> Result<(), sqlx::Error> {
        sqlx::query!("DELETE FROM login_code WHERE id = $1", self.id).execute(pool).await?;
        Ok(())
    }

    /// Remove a used code.
    pub async fn consume(self, pool: &PgPool) -> Result<(), sqlx::Error> {
        self.delete(pool).await
    }
}

pub async fn issue_session(_pool: &PgPool, _user: i64) -> Result<String, sqlx::Error> { Ok(String::new()) }

// The token endpoint (a request handler: many run at once).
pub async fn exchange(pool: &PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    if let Some(stored) = LoginCode::find_code(pool, code).await? {
        let code = stored.clone();
        stored.consume(pool).await?;
        return Ok(Some(issue_session(pool, code.user_id).await?));
    }
    Ok(None)
}

// Contrast: reported (db-check-then-update).
pub async fn contrast_direct(pool: &PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    if let Some(stored) = LoginCode::find_code(pool, code).await? {
        stored.delete(pool).await?;
        return Ok(Some(issue_session(pool, stored.user_id).await?));
    }
    Ok(None)
}
