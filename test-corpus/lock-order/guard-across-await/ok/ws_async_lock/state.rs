use tokio::sync::Mutex;

pub struct AppState {
    pub conns: Mutex<Vec<u32>>,
    pub jobs: futures::lock::Mutex<Vec<u32>>,
}
