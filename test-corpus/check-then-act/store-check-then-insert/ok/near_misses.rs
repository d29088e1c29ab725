// Near misses of `store-check-then-insert` that must stay silent.

use sqlx::PgPool;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct NewUser {
    pub email: String,
}

#[async_trait::async_trait]
pub trait UserRepo: Send + Sync {
    async fn find_by_email(&self, email: &str) -> anyhow::Result<Option<i64>>;
    async fn exists(&self, email: &str) -> anyhow::Result<bool>;
    async fn insert(&self, user: &NewUser) -> anyhow::Result<i64>;
    async fn save(&self, id: i64, name: &str) -> anyhow::Result<()>;
}

// A check whose only act is returning an error.
pub async fn validate(repo: &dyn UserRepo, email: &str) -> anyhow::Result<()> {
    if repo.exists(email).await? {
        anyhow::bail!("email already registered");
    }
    Ok(())
}

// The atomic rewrite: the database decides, the code checks the rows affected.
pub async fn register(pool: &PgPool, email: &str) -> anyhow::Result<bool> {
    let done = sqlx::query("INSERT INTO users (email) VALUES ($1) ON CONFLICT (email) DO NOTHING")
        .bind(email)
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

// A SELECT, then an insert that cannot duplicate.
pub async fn register_checked(pool: &PgPool, email: &str) -> anyhow::Result<()> {
    let existing = sqlx::query("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(pool)
        .await?;
    if existing.is_none() {
        sqlx::query("INSERT INTO users (email) VALUES ($1) ON CONFLICT DO NOTHING")
            .bind(email)
            .execute(pool)
            .await?;
    }
    Ok(())
}

// A check on one value and an insert of an unrelated one.
pub async fn invite(repo: &dyn UserRepo, inviter: &str, guest: String) -> anyhow::Result<()> {
    if repo.find_by_email(inviter).await?.is_none() {
        let user = NewUser { email: guest };
        repo.insert(&user).await?;
    }
    Ok(())
}

// The write happens where the record exists: an update, not a duplicate insert.
pub async fn rename(repo: &dyn UserRepo, email: &str, name: &str) -> anyhow::Result<()> {
    if let Some(id) = repo.find_by_email(email).await? {
        repo.save(id, name).await?;
    }
    Ok(())
}

// A local map, and a shared map checked and filled under one guard.
pub async fn local(seen: &mut HashMap<String, u32>, shared: Arc<Mutex<HashMap<String, u32>>>, k: String) {
    if !seen.contains_key(&k) {
        seen.insert(k.clone(), 1);
    }
    let mut map = shared.lock().await;
    if !map.contains_key(&k) {
        map.insert(k, 1);
    }
}

pub struct Cache;

impl Cache {
    pub async fn get(&self, k: &str) -> Option<String> {
        None
    }
    pub async fn insert(&self, k: String, v: String) {}
}

// Cache-aside: two concurrent misses both fill the cache with the same value.
pub async fn cached(cache: &Cache, k: &str) -> String {
    if cache.get(k).await.is_none() {
        let v = compute(k).await;
        cache.insert(k.to_string(), v.clone()).await;
        return v;
    }
    String::new()
}
