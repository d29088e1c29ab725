// Near misses of a row consumed through a method of its record type: the method does not
// delete its record (it updates a timestamp; it deletes rows of another table keyed by the
// record's id), it reads the delete's row count and fails when nothing was removed, the
// caller tests the answer, the method is called on a record another lookup found, and
// nothing found is used after the delete.
use sqlx::PgPool;

#[derive(Clone)]
pub struct LoginCode {
    pub id: i64,
    pub user_id: i64,
}

pub struct Session {
    pub id: i64,
}

impl LoginCode {
    pub async fn find_code(pool: &PgPool, code: &str) -> Result<Option<LoginCode>, sqlx::Error> {
        sqlx::query_as!(LoginCode, "SELECT id, user_id FROM login_code WHERE code = $1", code)
            .fetch_optional(pool)
            .await
    }

    /// Not a delete: marks the code as seen.
    pub async fn touch(&self, pool: &PgPool) -> Result<(), sqlx::Error> {
        sqlx::query!("UPDATE login_code SET seen_at = now() WHERE id = $1", self.id)
            .execute(pool)
            .await?;
        Ok(())
    }

    /// Deletes the code's sessions (another table, keyed by the code), not the code.
    pub async fn clear_sessions(&self, pool: &PgPool) -> Result<(), sqlx::Error> {
        sqlx::query!("DELETE FROM session WHERE code_id = $1", self.id)
            .execute(pool)
            .await?;
        Ok(())
    }

    /// Deletes, and fails when another request removed the row first.
    pub async fn claim(&self, pool: &PgPool) -> Result<(), sqlx::Error> {
        let done = sqlx::query!("DELETE FROM login_code WHERE id = $1", self.id)
            .execute(pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(sqlx::Error::RowNotFound);
        }
        Ok(())
    }

    /// Deletes, and answers whether it removed the row.
    pub async fn take(&self, pool: &PgPool) -> Result<bool, sqlx::Error> {
        sqlx::query!("DELETE FROM login_code WHERE id = $1", self.id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected() == 1)
    }
}

impl Session {
    pub async fn find_for(pool: &PgPool, user: i64) -> Result<Option<Session>, sqlx::Error> {
        sqlx::query_as!(Session, "SELECT id FROM session WHERE user_id = $1", user)
            .fetch_optional(pool)
            .await
    }

    pub async fn end(self, pool: &PgPool) -> Result<(), sqlx::Error> {
        sqlx::query!("DELETE FROM session WHERE id = $1", self.id)
            .execute(pool)
            .await?;
        Ok(())
    }
}

pub async fn issue_session(_pool: &PgPool, _user: i64) -> Result<String, sqlx::Error> {
    Ok(String::new())
}

// `touch` does not delete the code
pub async fn peek(pool: &PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    if let Some(stored) = LoginCode::find_code(pool, code).await? {
        stored.touch(pool).await?;
        return Ok(Some(issue_session(pool, stored.user_id).await?));
    }
    Ok(None)
}

// `clear_sessions` deletes rows of another table, not the code found
pub async fn revoke(pool: &PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    if let Some(stored) = LoginCode::find_code(pool, code).await? {
        stored.clear_sessions(pool).await?;
        return Ok(Some(issue_session(pool, stored.user_id).await?));
    }
    Ok(None)
}

// `claim` fails when it removed nothing: the second request stops at the `?`
pub async fn exchange_claimed(pool: &PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    if let Some(stored) = LoginCode::find_code(pool, code).await? {
        let code = stored.clone();
        stored.claim(pool).await?;
        return Ok(Some(issue_session(pool, code.user_id).await?));
    }
    Ok(None)
}

// the caller tests what `take` answered
pub async fn exchange_taken(pool: &PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    if let Some(stored) = LoginCode::find_code(pool, code).await? {
        if !stored.take(pool).await? {
            return Ok(None);
        }
        return Ok(Some(issue_session(pool, stored.user_id).await?));
    }
    Ok(None)
}

// the session ended is another lookup's record, not the code found
pub async fn relogin(pool: &PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    if let Some(stored) = LoginCode::find_code(pool, code).await? {
        if let Some(old) = Session::find_for(pool, stored.user_id).await? {
            old.end(pool).await?;
        }
        return Ok(None);
    }
    Ok(None)
}
