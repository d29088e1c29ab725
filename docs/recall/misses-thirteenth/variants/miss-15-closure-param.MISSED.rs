use parking_lot::RwLock;
use std::collections::HashMap;
pub struct StatusCache { statuses: RwLock<HashMap<u64, String>> }
impl StatusCache {
    fn insert_with_status(&self, id: u64, status: String) {
        self.statuses.write().insert(id, status);
    }
    fn with_mut_status<F: Fn(Option<&mut String>)>(&self, id: u64, f: F) {
        let mut statuses = self.statuses.write();
        f(statuses.get_mut(&id))
    }
    pub fn view_not_found(&self, id: u64) {
        self.with_mut_status(id, |s| match s {
            Some(s) => *s = "pending".to_string(),
            None => self.insert_with_status(id, "pending".to_string()),
        });
    }
}
