// The value read is only lent to a request (a shared borrow: a credential, an address the
// answer is compared with) and the value written back is the other party's answer, reached
// through `if let`, `match` arms, conversions and struct literals: a blind store of what the
// server said, not an update computed from what was read. Two exchanges in any order leave
// one answer stored, as a serial order would.
use std::sync::Arc;
use tokio::sync::{Mutex, RwLock};

pub struct Cluster;

// compares `current` with the leader it finds; answers the leader's address when it differs
async fn leader_other_than(_c: &Cluster, _current: &str) -> Result<Option<String>, String> {
    Ok(None)
}

pub struct Client {
    cluster: Cluster,
    address: Mutex<String>,
}

impl Client {
    // a method: the address read, lent for the comparison, the leader's address stored
    pub async fn follow_leader(&self) -> Result<bool, String> {
        let current = self.address.lock().await.clone();
        let leader = leader_other_than(&self.cluster, &current).await?;
        if let Some(new_leader) = leader {
            *self.address.lock().await = new_leader;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    // the answer matched directly, the address lent with `as_str()`
    pub async fn follow_leader_match(&self) {
        let current = self.address.lock().await.clone();
        match leader_other_than(&self.cluster, current.as_str()).await {
            Ok(Some(addr)) => *self.address.lock().await = addr,
            Ok(None) | Err(_) => {}
        }
    }
}

pub enum Auth {
    Basic { user: String, pass: String },
    Bearer { token: String },
}

pub struct Token {
    access: String,
}

impl Token {
    fn from_reply(v: String) -> Result<Token, String> {
        Ok(Token { access: v })
    }
}

pub struct Credentials {
    user: String,
    pass: String,
}

impl Credentials {
    fn from_reply(v: String) -> Result<Credentials, String> {
        Err(v)
    }
}

pub struct Session {
    pub auth: RwLock<Option<Auth>>,
    pub headers: RwLock<Vec<String>>,
}

async fn send(
    _headers: &[String],
    _auth: &Option<Auth>,
    body: &str,
) -> Result<Vec<Result<String, String>>, String> {
    Ok(vec![Ok(body.to_string())])
}

async fn refresh_token(
    _t: &str,
    _headers: &[String],
    _auth: &Option<Auth>,
) -> Result<(String, Vec<String>), String> {
    Ok((String::new(), Vec::new()))
}

// a free function: the credentials lent to the request, the reply destructured and converted
pub async fn refresh(s: Arc<Session>, t: &str) -> Result<Vec<String>, String> {
    let (value, results) =
        refresh_token(t, &*s.headers.read().await, &*s.auth.read().await).await?;
    *s.auth.write().await = Some(Auth::Bearer {
        token: Token::from_reply(value).map_err(|e| e.to_string())?.access,
    });
    Ok(results)
}

// the reply's first result, converted in a `match`, written through a named guard
pub async fn sign_in(s: Arc<Session>, body: &str) -> Result<(), String> {
    let results = send(&*s.headers.read().await, &*s.auth.read().await, body).await?;
    let value = match results.first() {
        Some(r) => r.clone()?,
        None => return Err("no result".into()),
    };
    let mut auth = s.auth.write().await;
    match Credentials::from_reply(value.clone()) {
        Ok(c) => {
            *auth = Some(Auth::Basic { user: c.user, pass: c.pass });
        }
        Err(_) => {
            let token = Token::from_reply(value)?;
            *auth = Some(Auth::Bearer { token: token.access });
        }
    }
    Ok(())
}

// an async block spawned per request, a std mutex read lent to the request
pub fn renew_in_background(addr: Arc<std::sync::Mutex<String>>, cluster: Arc<Cluster>) {
    tokio::spawn(async move {
        let current = addr.lock().unwrap().clone();
        if let Ok(Some(next)) = leader_other_than(&cluster, &current).await {
            *addr.lock().unwrap() = next;
        }
    });
}
