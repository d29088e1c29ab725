// The condition tests the answer of a request to which the guarded value was only lent (the
// credentials of a call); the write stores a value the caller passed in, not one decided by
// the guarded value. No interleaving makes the check stale.
use tokio::sync::RwLock;

pub struct Session {
    pub auth: RwLock<Option<String>>,
}

async fn send(_auth: &Option<String>, token: &str) -> Result<Vec<Result<String, String>>, String> {
    Ok(vec![Ok(token.to_string())])
}

pub async fn authenticate(s: &Session, token: String) -> Result<(), String> {
    let mut results = send(&*s.auth.read().await, &token).await?;
    if let Some(Ok(v)) = results.first_mut() {
        *s.auth.write().await = Some(token.clone());
        *v = token;
    }
    Ok(())
}

pub struct Api;

impl Api {
    pub async fn accepted(&self, _current: Option<String>) -> bool {
        true
    }
}

pub struct Conn {
    api: Api,
    session: RwLock<Option<String>>,
}

impl Conn {
    pub async fn login(&self, fresh: String) {
        let ok = self.api.accepted(self.session.read().await.clone()).await;
        if ok {
            *self.session.write().await = Some(fresh);
        }
    }
}
