use tokio::sync::OnceCell;

pub static GEO_DB: OnceCell<Vec<u8>> = OnceCell::const_new();

pub async fn load_db(path: &str) {
    if GEO_DB.get().is_none() {
        let bytes = tokio::fs::read(path).await.unwrap_or_default();
        let _ = GEO_DB.set(bytes);
    }
}
