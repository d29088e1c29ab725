// A one-time row consumed through a method of its record type: the method deletes its own
// record (`self.delete(pool)`, `DELETE .. WHERE id = $1` bound to `self.id`) and ignores the
// row count, and the caller goes on with what it found (the record, a copy of it, a field
// copied before the delete). Two requests with the same code both find the row before either
// deletes it; both deletes succeed (the second removes nothing) and both go on.
use sqlx::PgPool;

#[derive(Clone)]
pub struct LoginCode {
    pub id: i64,
    pub user_id: i64,
    pub code: String,
}

impl LoginCode {
    pub async fn find_code(pool: &PgPool, code: &str) -> Result<Option<LoginCode>, sqlx::Error> {
        sqlx::query_as!(LoginCode, "SELECT id, user_id, code FROM login_code WHERE code = $1", code)
            .fetch_optional(pool)
            .await
    }

    pub async fn delete(&self, pool: &PgPool) -> Result<(), sqlx::Error> {
        sqlx::query!("DELETE FROM login_code WHERE id = $1", self.id)
            .execute(pool)
            .await?;
        Ok(())
    }

    /// Remove a used code (through the record's own delete).
    pub async fn consume(self, pool: &PgPool) -> Result<(), sqlx::Error> {
        self.delete(pool).await
    }

    /// Remove a used code (its own SQL).
    pub async fn invalidate(&self, pool: &PgPool) -> Result<(), sqlx::Error> {
        sqlx::query!("DELETE FROM login_code WHERE id = $1", self.id)
            .execute(pool)
            .await?;
        Ok(())
    }
}

pub async fn issue_session(_pool: &PgPool, _user: i64) -> Result<String, sqlx::Error> {
    Ok(String::new())
}

// a copy taken before the consuming method, used after it (a free function)
pub async fn exchange(pool: &PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    if let Some(stored) = LoginCode::find_code(pool, code).await? {
        let code = stored.clone();
        stored.consume(pool).await?; //~ db-check-then-update
        return Ok(Some(issue_session(pool, code.user_id).await?));
    }
    Ok(None)
}

// the record's own `delete`, only a copy of it used after it
pub async fn exchange_direct(pool: &PgPool, code: &str) -> Result<Option<String>, sqlx::Error> {
    if let Some(stored) = LoginCode::find_code(pool, code).await? {
        let copy = stored.clone();
        stored.delete(pool).await?; //~ db-check-then-update
        return Ok(Some(issue_session(pool, copy.user_id).await?));
    }
    Ok(None)
}

pub struct Tokens {
    pub pool: PgPool,
}

impl Tokens {
    // a `&self` method of the record, the record itself used after it (a method)
    pub async fn redeem(&self, code: &str) -> Result<Option<String>, sqlx::Error> {
        let found = LoginCode::find_code(&self.pool, code).await?;
        if let Some(stored) = found {
            stored.invalidate(&self.pool).await?; //~ db-check-then-update
            return Ok(Some(issue_session(&self.pool, stored.user_id).await?));
        }
        Ok(None)
    }

    // a field copied before the delete, in a `match` arm
    pub async fn redeem_match(&self, code: &str) -> Result<Option<String>, sqlx::Error> {
        match LoginCode::find_code(&self.pool, code).await? {
            Some(stored) => {
                let user = stored.user_id;
                stored.consume(&self.pool).await?; //~ db-check-then-update
                Ok(Some(issue_session(&self.pool, user).await?))
            }
            None => Ok(None),
        }
    }
}
