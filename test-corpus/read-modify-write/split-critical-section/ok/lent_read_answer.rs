// The read is only lent to a request, as one of the awaited call's arguments, and the value
// written back is the other party's answer (a token, a session, a reply): a blind store of
// what the server said, not a value computed from what was read. Two exchanges in any order
// leave one answer stored, as a serial order would.
use std::sync::Arc;
use tokio::sync::{Mutex, RwLock};

pub enum Auth {
    Basic { user: String },
    Bearer { token: String },
}

pub struct Session {
    pub auth: RwLock<Option<Auth>>,
    pub headers: RwLock<Vec<String>>,
}

async fn send(_headers: &[String], _auth: &Option<Auth>, body: &str) -> Result<String, String> {
    Ok(body.to_string())
}

// a free function: two reads lent to one request, the reply wrapped into the stored value
pub async fn refresh(s: &Session, refresh_token: &str) -> Result<String, String> {
    let reply = send(&*s.headers.read().await, &*s.auth.read().await, refresh_token).await?;
    *s.auth.write().await = Some(Auth::Bearer { token: reply.clone() });
    Ok(reply)
}

pub struct Grant {
    pub token: String,
}

pub struct Client;

impl Client {
    pub async fn exchange(&self, _current: &str) -> Result<Grant, String> {
        Ok(Grant { token: String::new() })
    }
}

pub struct Renewer {
    client: Client,
    token: Mutex<String>,
}

impl Renewer {
    // a method: the current token lent to the client's call, the granted one stored
    pub async fn renew(&self) -> Result<(), String> {
        let grant = self.client.exchange(self.token.lock().await.as_str()).await?;
        *self.token.lock().await = grant.token;
        Ok(())
    }
}

// an async block spawned per sign-in
pub fn sign_in(s: Arc<Session>, user: String) {
    tokio::spawn(async move {
        let answer = send(&[], &*s.auth.read().await, &user).await.unwrap_or_default();
        *s.auth.write().await = Some(Auth::Basic { user: answer });
    });
}
