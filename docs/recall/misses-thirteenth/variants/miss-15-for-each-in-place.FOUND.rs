use parking_lot::RwLock;
use std::collections::HashMap;
pub struct StatusCache { statuses: RwLock<HashMap<u64, String>> }
impl StatusCache {
    fn insert_with_status(&self, id: u64, status: String) {
        self.statuses.write().insert(id, status);
    }
    pub fn view_not_found(&self, ids: &[u64]) {
        let statuses = self.statuses.write();
        ids.iter().for_each(|id| self.insert_with_status(*id, "pending".to_string()));
        drop(statuses);
    }
}
