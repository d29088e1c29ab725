use parking_lot::RwLock;
use std::collections::HashMap;
pub struct StatusCache { statuses: RwLock<HashMap<u64, String>> }
impl StatusCache {
    fn insert_with_status(&self, id: u64, status: String) {
        self.statuses.write().insert(id, status);
    }
    pub fn view_not_found(&self, id: u64) {
        let mut statuses = self.statuses.write();
        if statuses.get_mut(&id).is_none() {
            self.insert_with_status(id, "pending".to_string());
        }
    }
}
