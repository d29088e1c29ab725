use crate::a::Store;

impl Store {
    pub fn compact(&self) {
        let index = self.index.lock().unwrap();
        self.trim(index.len());
    }

    fn trim(&self, n: usize) {
        self.journal.lock().unwrap().truncate(n);
    }
}
