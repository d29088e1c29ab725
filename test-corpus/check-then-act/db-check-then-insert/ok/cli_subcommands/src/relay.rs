use tracing::*;

pub async fn relay(mut rx: tokio::sync::mpsc::Receiver<String>) {
    while let Some(command) = rx.recv().await {
        info!(%command, "relayed");
    }
}
