// Removals that cannot erase another task's entry: keys unique to the task, the entry looked
// at again before it is removed, the removal's result used, one guard over both, or no wait.
use dashmap::DashMap;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

type Wills = Arc<Mutex<HashMap<String, mpsc::Sender<bool>>>>;

async fn serve() {}

static NEXT: AtomicU64 = AtomicU64::new(0);

// a key unique to the task: nothing else registers it, and nothing is taken over
pub async fn unique_key(wills: Arc<Mutex<HashMap<u64, mpsc::Sender<bool>>>>) {
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    let (tx, _rx) = mpsc::channel(1);
    wills.lock().unwrap().insert(id, tx);
    serve().await;
    wills.lock().unwrap().remove(&id);
}

// the entry is checked to still be this task's before it is removed
pub async fn checked(client_id: String, wills: Wills) {
    if let Some(previous) = wills.lock().unwrap().remove(&client_id) {
        let _ = previous.try_send(false);
    }
    let (tx, _rx) = mpsc::channel(1);
    wills.lock().unwrap().insert(client_id.clone(), tx.clone());
    serve().await;
    let mut w = wills.lock().unwrap();
    if w.get(&client_id).is_some_and(|t| t.same_channel(&tx)) {
        w.remove(&client_id);
    }
}

// the removed entry is looked at (and put back when it is not ours)
pub async fn result_used(client_id: String, wills: Wills) {
    if let Some(previous) = wills.lock().unwrap().remove(&client_id) {
        let _ = previous.try_send(false);
    }
    let (tx, _rx) = mpsc::channel(1);
    wills.lock().unwrap().insert(client_id.clone(), tx.clone());
    serve().await;
    let mut w = wills.lock().unwrap();
    if let Some(t) = w.remove(&client_id) {
        if !t.same_channel(&tx) {
            w.insert(client_id, t);
        }
    }
}

// no wait between the insert and the removal
pub fn no_wait(client_id: String, wills: Wills) {
    let (tx, _rx) = mpsc::channel(1);
    let mut w = wills.lock().unwrap();
    if w.remove(&client_id).is_some() {
        tracing::info!("taking over {client_id}");
    }
    w.insert(client_id.clone(), tx);
    drop(w);
    wills.lock().unwrap().remove(&client_id);
}

// DashMap's remove_if: removed only while it is still this task's
pub async fn remove_if(map: &DashMap<String, u64>, name: String, id: u64) {
    if map.get(&name).is_some() {
        tracing::info!("taking over {name}");
    }
    map.insert(name.clone(), id);
    serve().await;
    map.remove_if(&name, |_, v| *v == id);
}

// a map this function made and no one else reaches
pub async fn local_map(name: String) {
    let mut m: HashMap<String, u64> = HashMap::new();
    if m.get(&name).is_some() {
        return;
    }
    m.insert(name.clone(), 1);
    serve().await;
    m.remove(&name);
}

// the entry is put only when none was found: a task that finds one leaves it (a lookup lock
// held by its inserter until it is done)
pub async fn insert_if_absent(lockers: Arc<parking_lot::RwLock<HashMap<u64, Arc<()>>>>, key: u64) {
    let mine = {
        let mut l = lockers.write();
        match l.get(&key) {
            Some(_) => false,
            None => {
                l.insert(key, Arc::new(()));
                true
            }
        }
    };
    if mine {
        serve().await;
        lockers.write().remove(&key);
    }
}

// the same, decided through a `let` of the take-over and an `else`
pub async fn pair_or_wait(peers: Wills, uuid: String) {
    let peer = peers.lock().unwrap().remove(&uuid);
    if let Some(p) = peer {
        let _ = p.try_send(true);
    } else {
        let (tx, _rx) = mpsc::channel(1);
        peers.lock().unwrap().insert(uuid.clone(), tx);
        serve().await;
        peers.lock().unwrap().remove(&uuid);
    }
}

// found: leave
pub async fn leave_if_present(wills: Wills, id: String) {
    let (tx, _rx) = mpsc::channel(1);
    {
        let mut w = wills.lock().unwrap();
        if w.contains_key(&id) {
            return;
        }
        w.insert(id.clone(), tx);
    }
    serve().await;
    wills.lock().unwrap().remove(&id);
}
