// The value written back under the second guard is another party's answer to a request made
// with the value read (a refresh token exchanged, a cursor's next page token), not a copy
// computed from it: two exchanges in any order leave one answer stored, as a serial order
// would. The write is not a lost update.
use std::sync::Mutex;
use tokio::sync::RwLock;

pub struct Session {
    refresh_token: RwLock<String>,
}

async fn refresh(_token: &str) -> Result<String, String> {
    Ok(String::new())
}

impl Session {
    pub async fn renew(&self) -> Result<(), String> {
        let token = self.refresh_token.read().await.clone();
        let fresh = refresh(&token).await?;
        *self.refresh_token.write().await = fresh;
        Ok(())
    }
}

pub struct Page {
    pub items: Vec<u64>,
    pub next: Option<String>,
}

pub struct Api;

impl Api {
    pub async fn page(&self, _from: Option<String>) -> Page {
        Page { items: Vec::new(), next: None }
    }
}

pub struct Tokens {
    pub next: Option<String>,
}

// A cursor: read the token, fetch the page it names, store the page's next token.
pub async fn load_more(api: &Api, tokens: &Mutex<Tokens>) -> Vec<u64> {
    let from = tokens.lock().unwrap().next.clone();
    let page = api.page(from).await;
    tokens.lock().unwrap().next = page.next;
    page.items
}

const SESSION: &str = "x-session";

pub struct Reply {
    headers: std::collections::HashMap<String, String>,
}

impl Reply {
    pub fn headers(&self) -> &std::collections::HashMap<String, String> {
        &self.headers
    }
}

async fn post(_session: Option<String>) -> Reply {
    Reply { headers: Default::default() }
}

pub struct Conn {
    session: RwLock<Option<String>>,
}

impl Conn {
    // the answer reached through locals: the reply, its headers, one header
    pub async fn step(&self) {
        let current = self.session.read().await.clone();
        let reply = post(current).await;
        let headers = reply.headers();
        *self.session.write().await = headers.get(SESSION).cloned();
    }
}
