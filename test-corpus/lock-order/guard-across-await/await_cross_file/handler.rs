// The field's type is defined in another file of the workspace.
use crate::state::AppState;

pub async fn handle(app: &AppState) {
    let conns = app.conns.lock(); //~ guard-across-await
    notify(conns.len()).await;
}

pub async fn handle_async(app: &AppState) {
    let jobs = app.jobs.lock().await;
    notify(jobs.len()).await;
}

async fn notify(_n: usize) {}
