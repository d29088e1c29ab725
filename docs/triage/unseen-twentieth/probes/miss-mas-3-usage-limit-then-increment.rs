// Miss found while reading, matrix-authentication-service HEAD 682b8d26:
// crates/handlers/src/views/register/steps/finish.rs:146-160 (check) and :292-297 (use), with
// crates/storage-pg/src/user/registration_token.rs:489-519 (`use_token`).
// Written from scratch. A registration token has a usage limit. The handler loads the token
// through the repository (`lookup`), tests `times_used < usage_limit` on the loaded copy, and
// later calls the repository's `use_token`, which runs
// `UPDATE .. SET times_used = times_used + 1 WHERE id = $1 AND revoked_at IS NULL`: the
// increment is atomic but the limit is not in its WHERE clause. Two registrations that finish
// together with the last use of a token (a single-use invite given to two people, or one
// person's double submit) both pass the check and both create an account: the limit is
// exceeded. racelint reports nothing for the repository form (`finish_registration`): the
// read is `lookup`, the check a method of the loaded record, and the write a repository
// method whose SQL lives in another crate. The same steps written with inline SQL
// (`finish_registration_inline`, the contrast) are reported by sql-check-then-write.
use sqlx::{Postgres, Transaction};

pub struct Token {
    pub id: i64,
    pub times_used: i64,
    pub usage_limit: Option<i64>,
}

impl Token {
    pub fn is_valid(&self) -> bool {
        self.usage_limit.map_or(true, |limit| self.times_used < limit)
    }
}

pub trait TokenRepo {
    async fn lookup(&mut self, id: i64) -> Result<Option<Token>, String>;
    /// `UPDATE registration_tokens SET times_used = times_used + 1 WHERE id = $1`
    async fn use_token(&mut self, token: Token) -> Result<Token, String>;
}

pub async fn finish_registration<R: TokenRepo>(repo: &mut R, token_id: i64) -> Result<(), String> {
    let token = repo.lookup(token_id).await?.ok_or("unknown token")?;
    if !token.is_valid() {
        return Err("token no longer valid".into());
    }
    // ... create the account ...
    repo.use_token(token).await?;
    Ok(())
}

// Contrast: reported (sql-check-then-write).
pub async fn finish_registration_inline(tx: &mut Transaction<'_, Postgres>, token_id: i64) -> Result<(), String> {
    let (times_used, usage_limit): (i64, Option<i64>) =
        sqlx::query_as("SELECT times_used, usage_limit FROM registration_tokens WHERE id = $1")
            .bind(token_id)
            .fetch_one(&mut **tx)
            .await
            .map_err(|e| e.to_string())?;
    let token = Token { id: token_id, times_used, usage_limit };
    if !token.is_valid() {
        return Err("token no longer valid".into());
    }
    sqlx::query("UPDATE registration_tokens SET times_used = times_used + 1 WHERE id = $1")
        .bind(token.id)
        .execute(&mut **tx)
        .await
        .map_err(|e| e.to_string())?;
    Ok(())
}
