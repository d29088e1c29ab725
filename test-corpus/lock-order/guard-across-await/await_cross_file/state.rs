use parking_lot::Mutex;

pub struct AppState {
    pub conns: Mutex<Vec<u32>>,
    pub jobs: tokio::sync::Mutex<Vec<u32>>,
}
