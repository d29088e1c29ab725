// #19 parseable a6d1a4ec (FOUND): the read guard `correlations` is alive while the loop takes
// `self.0.write()` for each item found (self-deadlock).
use std::collections::HashMap;

use tokio::sync::RwLock;

pub struct Correlations(RwLock<HashMap<String, String>>);

impl Correlations {
    pub async fn delete_for_user(&self, user: &str) {
        let correlations = self.0.read().await;
        let mine: Vec<_> = correlations.iter().filter(|(_, u)| u.as_str() == user).collect();
        for (id, _) in mine.iter() {
            self.0.write().await.remove(*id);
        }
    }
}
