// Near misses of the lent-read exemption: the value read is given to the request (by value:
// a cursor, a version, a `&mut` the callee may change) or combined with the answer, so the
// answer may carry it, and a newer state stored by another task in between is overwritten
// (an older snapshot installed over a newer one).
use std::sync::{Arc, Mutex};

pub struct MailboxState {
    pub modseq: u64,
}

pub struct Mailbox {
    pub state: Mutex<MailboxState>,
}

pub struct Server;

impl Server {
    // answers the state changed since `since`, or nothing when nothing changed
    pub async fn changes_since(&self, _since: Option<u64>) -> Result<Option<MailboxState>, String> {
        Ok(None)
    }

    // a method: the version given by value, the answer bound by `if let`
    pub async fn synchronize(&self, mailbox: &Mailbox) -> Result<u64, String> {
        let mut current = mailbox.state.lock().unwrap().modseq; //~ split-critical-section
        if let Some(new_state) = self.changes_since(current.into()).await? {
            current = new_state.modseq;
            mailbox.state.lock().unwrap().modseq = new_state.modseq;
        }
        Ok(current)
    }
}

async fn next_page(cursor: String) -> Result<String, String> {
    Ok(cursor)
}

// a free function: the cursor cloned into the request, the answer matched
pub async fn advance(cursor: Arc<tokio::sync::Mutex<String>>) {
    let from = cursor.lock().await.clone(); //~ split-critical-section
    match next_page(from.clone()).await {
        Ok(next) => *cursor.lock().await = next,
        Err(_) => {}
    }
}

async fn bump(n: &mut u64) -> Option<u64> {
    *n += 1;
    Some(*n)
}

// a `&mut` borrow is not only lent: the callee may change the value it answers from
pub async fn bump_shared(counter: Arc<tokio::sync::Mutex<u64>>) {
    let mut n = *counter.lock().await; //~ split-critical-section
    if let Some(v) = bump(&mut n).await {
        *counter.lock().await = v;
    }
}

async fn leader(_current: &str) -> Option<String> {
    None
}

// lent to the request, but the value written combines the answer with the read
pub async fn join_leader(addr: Arc<tokio::sync::Mutex<String>>) {
    let current = addr.lock().await.clone(); //~ split-critical-section
    if let Some(l) = leader(&current).await {
        *addr.lock().await = current + &l;
    }
}

#[derive(Clone)]
pub struct Cursor {
    pub last: Option<String>,
    pub rows: u64,
}

pub struct PollResult {
    pub new_state: Cursor,
    pub messages: Vec<String>,
}

pub struct Http;

// builds the next cursor from the borrowed one and the rows it fetched
async fn poll(_http: &Http, state: &Cursor) -> Result<PollResult, String> {
    Ok(PollResult { new_state: Cursor { last: state.last.clone(), rows: state.rows + 1 }, messages: Vec::new() })
}

// lent by reference, but the value written is a part picked out of a composite answer: the
// next state the callee computed from the snapshot
pub async fn poll_once(http: &Http, state: Arc<tokio::sync::Mutex<Cursor>>) -> Vec<String> {
    let snapshot = state.lock().await.clone(); //~ split-critical-section
    match poll(http, &snapshot).await {
        Ok(result) => {
            let new = result.new_state;
            *state.lock().await = new;
            result.messages
        }
        Err(_) => Vec::new(),
    }
}
