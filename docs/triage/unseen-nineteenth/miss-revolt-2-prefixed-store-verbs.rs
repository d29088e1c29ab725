// MISS probe (store-check-then-insert): revolt's data layer names its methods
// fetch_<noun> / insert_<noun> (AbstractDatabase trait). Neither prefix form is a verb for the
// rule (find_by_* + insert is reported; these two are not). autumn/src/api.rs:241-305 is this shape
// (plus the check goes through `if let Ok` and a bool flag).
pub struct FileHash { pub id: String }
pub struct Db;
impl Db {
    pub async fn find_by_hash(&self, _h: &str) -> Option<FileHash> { None }
    pub async fn fetch_attachment_hash(&self, _h: &str) -> Option<FileHash> { None }
    pub async fn insert(&self, _f: &FileHash) -> Result<(), ()> { Ok(()) }
    pub async fn insert_attachment_hash(&self, _f: &FileHash) -> Result<(), ()> { Ok(()) }
}
pub async fn read_ok_write_suffix(db: &Db, key: String) -> Result<(), ()> {
    if db.find_by_hash(&key).await.is_none() {
        db.insert_attachment_hash(&FileHash { id: key.clone() }).await?;
    }
    Ok(())
}
pub async fn read_suffix_write_ok(db: &Db, key: String) -> Result<(), ()> {
    if db.fetch_attachment_hash(&key).await.is_none() {
        db.insert(&FileHash { id: key.clone() }).await?;
    }
    Ok(())
}
