// Async locks deadlock on inconsistent order too: two spawned tasks.
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct Registry {
    users: Mutex<Vec<String>>,
    groups: Mutex<Vec<String>>,
}

pub async fn start(reg: Arc<Registry>) {
    let r1 = reg.clone();
    tokio::spawn(async move {
        let users = r1.users.lock().await;
        let mut groups = r1.groups.lock().await; //~ lock-order-inversion
        groups.push(users[0].clone());
    });
    let r2 = reg.clone();
    tokio::spawn(async move {
        let groups = r2.groups.lock().await;
        let mut users = r2.users.lock().await;
        users.push(groups[0].clone());
    });
}
