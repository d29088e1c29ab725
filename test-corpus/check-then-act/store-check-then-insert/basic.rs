// Positive cases of `store-check-then-insert`: a store is asked whether a record exists and the
// record is inserted in a separate step, so two concurrent requests both insert it.

use axum::extract::State;
use axum::Json;
use sqlx::PgPool;
use std::sync::Arc;

pub struct NewUser {
    pub email: String,
    pub name: String,
}

#[async_trait::async_trait]
pub trait UserRepo: Send + Sync {
    async fn find_by_email(&self, email: &str) -> anyhow::Result<Option<i64>>;
    async fn exists(&self, email: &str) -> anyhow::Result<bool>;
    async fn insert(&self, user: &NewUser) -> anyhow::Result<i64>;
}

// `is_none()` then insert in the then-branch.
pub async fn register(repo: &dyn UserRepo, email: String, name: String) -> anyhow::Result<()> {
    if repo.find_by_email(&email).await?.is_none() {
        let user = NewUser { email, name };
        repo.insert(&user).await?; //~ store-check-then-insert
    }
    Ok(())
}

// The guard form: the check returns early, the insert follows.
pub async fn sign_up(repo: &dyn UserRepo, req: NewUser) -> anyhow::Result<i64> {
    if repo.exists(&req.email).await? {
        anyhow::bail!("email already registered");
    }
    repo.insert(&req).await //~ store-check-then-insert
}

#[derive(Clone)]
pub struct AppState {
    pub users: Arc<dyn UserRepo>,
    pub keys: Arc<IdempotencyStore>,
}

pub struct IdempotencyStore;

impl IdempotencyStore {
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<String>> {
        todo!()
    }
    pub async fn put(&self, key: &str, response: &str) -> anyhow::Result<()> {
        todo!()
    }
}

// An idempotency key checked, the work done, the key stored afterwards: a retried request
// arriving in between charges twice.
pub async fn charge(
    State(state): State<AppState>,
    Json((key, amount)): Json<(String, i64)>,
) -> Result<String, String> {
    if let Some(previous) = state.keys.get(&key).await.map_err(|e| e.to_string())? {
        return Ok(previous);
    }
    let receipt = payments::charge(amount).await.map_err(|e| e.to_string())?;
    state.keys.put(&key, &receipt).await.map_err(|e| e.to_string())?; //~ store-check-then-insert
    Ok(receipt)
}

// `match` on the lookup, insert in the `None` arm; inside a spawned task.
pub fn import(repo: Arc<dyn UserRepo>, email: String) {
    tokio::spawn(async move {
        match repo.find_by_email(&email).await.unwrap() {
            Some(_) => {}
            None => {
                let user = NewUser { email: email.clone(), name: String::new() };
                repo.insert(&user).await.unwrap(); //~ store-check-then-insert
            }
        }
    });
}

// SQL: a SELECT for the key, then an INSERT without a conflict clause.
pub async fn create_user(pool: &PgPool, email: &str) -> anyhow::Result<()> {
    let existing = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await?;
    if existing.is_some() {
        anyhow::bail!("taken");
    }
    sqlx::query("INSERT INTO users (email) VALUES ($1)") //~ store-check-then-insert
        .bind(email)
        .execute(pool)
        .await?;
    Ok(())
}

// SQL: `SELECT EXISTS(..)` as a bool.
pub async fn follow(pool: &PgPool, who: i64, whom: i64) -> anyhow::Result<()> {
    let already: bool = sqlx::query_scalar(
        "SELECT EXISTS(SELECT 1 FROM follows WHERE follower = $1 AND followee = $2)",
    )
    .bind(who)
    .bind(whom)
    .fetch_one(pool)
    .await?;
    if !already {
        sqlx::query("INSERT INTO follows (follower, followee) VALUES ($1, $2)") //~ store-check-then-insert
            .bind(who)
            .bind(whom)
            .execute(pool)
            .await?;
    }
    Ok(())
}

pub struct TokenStore;

impl TokenStore {
    pub async fn get(&self, user: &str) -> Result<Option<String>, String> {
        todo!()
    }
    pub async fn put(&self, user: &str, token: &str) -> Result<(), String> {
        todo!()
    }
}

fn generate_token() -> String {
    todo!()
}

// A token issued on a miss: two requests both miss and both issue one; the second `put`
// replaces the token the first request already handed out (not a cache fill: the value is
// generated, not loaded).
pub async fn issue_token(tokens: &TokenStore, user: &str) -> Result<String, String> {
    if let Some(t) = tokens.get(user).await? {
        return Ok(t);
    }
    let token = generate_token();
    tokens.put(user, &token).await?; //~ store-check-then-insert
    Ok(token)
}
