// Cache-aside fills that the receiver's name does not reveal: on a miss the value is loaded
// from the source of truth and written under the key, so two callers that both miss write
// the same value (work repeated, nothing created twice).
use std::sync::Arc;

pub enum CacheName {
    App,
    Sessions,
}

pub struct Kv;
pub struct Role {
    pub name: String,
}
pub struct ApiKey;
pub struct Db;

impl Kv {
    pub async fn get(&self, _c: CacheName, _k: &str) -> Result<Option<Vec<Role>>, String> {
        Ok(None)
    }
    pub async fn put(&self, _c: CacheName, _k: &str, _v: &Vec<Role>, _ttl: u64) -> Result<(), String> {
        Ok(())
    }
    pub async fn fetch(&self, _k: &str) -> Option<ApiKey> {
        None
    }
    pub async fn set(&self, _k: &str, _v: &ApiKey) {}
}

impl Db {
    pub async fn query_roles(&self) -> Result<Vec<Role>, String> {
        Ok(vec![])
    }
}

impl ApiKey {
    pub async fn find(_name: &str) -> Result<ApiKey, String> {
        Ok(ApiKey)
    }
}

// The cache is named by an argument; the value comes from a query.
pub async fn all_roles(kv: &Kv, db: &Db, tenant: &str) -> Result<Vec<Role>, String> {
    if let Some(roles) = kv.get(CacheName::App, tenant).await? {
        return Ok(roles);
    }
    let roles = db.query_roles().await?;
    kv.put(CacheName::App, tenant, &roles, 3600).await?;
    Ok(roles)
}

// `if let .. else` as the value of a `let`; the value is an active-record read.
pub async fn api_key(kv: Arc<Kv>, name: &str) -> Result<ApiKey, String> {
    let idx = format!("api_key_{name}");
    let key = if let Some(k) = kv.fetch(&idx).await {
        k
    } else {
        let k = ApiKey::find(name).await?;
        kv.set(&idx, &k).await;
        k
    };
    Ok(key)
}

// `match` on the lookup, fill in the `None` arm, from a loader function.
pub async fn session_roles(kv: &Kv, db: &Db, sid: &str) -> Result<Vec<Role>, String> {
    match kv.get(CacheName::Sessions, sid).await? {
        Some(r) => Ok(r),
        None => {
            let fresh = load_roles(db).await?;
            kv.put(CacheName::Sessions, sid, &fresh, 60).await?;
            Ok(fresh)
        }
    }
}

async fn load_roles(db: &Db) -> Result<Vec<Role>, String> {
    db.query_roles().await
}
