use crate::a::Store;

impl Store {
    pub fn compact(&self) {
        let journal = self.journal.lock().unwrap();
        let mut index = self.index.lock().unwrap();
        index.truncate(journal.len());
    }
}
