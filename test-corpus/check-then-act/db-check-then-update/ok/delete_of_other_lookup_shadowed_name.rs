// Near miss (from defguard openid_flow.rs): the delete consumes a row another lookup found,
// and the name used after it is a new value bound by a shadowing `let`.
//
// The token endpoint claims the authorization code with `find_code`, whose SQL is
// `DELETE FROM authorization_code WHERE code = $1 RETURNING ..`: only one request can get the
// row (this is the fix of the DG25-24 code-reuse bug). Later, for the client's authorized app,
// it finds the previous access token, deletes it, and creates the new token under the same name
// (`let token = OAuth2Token::new(..)`). racelint pairs the "found" of `find_code` with the delete
// of the *old token* and reports a consumed row whose delete count is ignored. The code row was
// already consumed atomically by the lookup, and the deleted token is a different row found by a
// different lookup. (With the new token bound to another name, racelint is silent: the use of
// the shadowing `token` after the delete is taken for a use of what was found.)
// What racelint would need: (1) a lookup whose SQL is `DELETE .. RETURNING` (or `UPDATE ..
// RETURNING`) is a claim, not a check; (2) a delete consumes the row of the lookup that found
// *its receiver* (`token` from `find_by_app`), not the outermost lookup in scope; (3) a
// shadowing `let` is a new value (the t27 relaxed-flag-store cause again).
use sqlx::PgPool;

pub struct AuthCode { pub user_id: i64, pub scope: String }
pub struct AccessToken { pub id: i64 }

impl AccessToken {
    pub fn new(app: i64) -> AccessToken { AccessToken { id: app } }
}

impl AuthCode {
    /// Consumes the code: at most one caller gets it.
    pub async fn find_code(pool: &PgPool, code: &str) -> Result<Option<AuthCode>, sqlx::Error> {
        sqlx::query_as!(
            AuthCode,
            "DELETE FROM authorization_code WHERE code = $1 RETURNING user_id, scope",
            code
        )
        .fetch_optional(pool)
        .await
    }
}

impl AccessToken {
    pub async fn find_by_app(pool: &PgPool, app: i64) -> Result<Option<AccessToken>, sqlx::Error> {
        sqlx::query_as!(AccessToken, "SELECT id FROM access_token WHERE app_id = $1", app)
            .fetch_optional(pool)
            .await
    }
    pub async fn delete(&self, pool: &PgPool) -> Result<(), sqlx::Error> {
        sqlx::query!("DELETE FROM access_token WHERE id = $1", self.id).execute(pool).await?;
        Ok(())
    }
}

pub async fn issue(_pool: &PgPool, _user: i64, _app: i64, _scope: &str) -> Result<String, sqlx::Error> { Ok(String::new()) }

pub async fn token(pool: &PgPool, code: &str, app: i64) -> Result<Option<String>, sqlx::Error> {
    if let Some(auth_code) = AuthCode::find_code(pool, code).await? {
        // Replace the client's previous token.
        if let Some(token) = AccessToken::find_by_app(pool, app).await? {
            token.delete(pool).await?;
        }
        let token = AccessToken::new(app);
        return Ok(Some(issue(pool, auth_code.user_id, token.id, &auth_code.scope).await?));
    }
    Ok(None)
}
