// `let x = match m.lock() { Ok(g) => g.len(), .. };` binds a value computed under the guard,
// not the guard: the guard dies with the statement, so the later calls lock again freely.
use std::collections::HashSet;
use std::sync::Mutex;

pub struct State {
    buckets: Mutex<HashSet<String>>,
}

impl State {
    fn pending(&self) -> usize {
        match self.buckets.lock() {
            Ok(s) => s.len(),
            Err(p) => p.into_inner().len(),
        }
    }

    pub fn reserve(&self, bucket: &str) -> bool {
        let inserted = match self.buckets.lock() {
            Ok(mut s) => s.insert(bucket.to_string()),
            Err(p) => p.into_inner().insert(bucket.to_string()),
        };
        if !inserted {
            return false;
        }
        println!("{}", self.pending());
        true
    }

    pub fn reserve_block(&self, bucket: &str) -> usize {
        let n = match self.buckets.lock() {
            Ok(s) => {
                let n = s.len();
                n + usize::from(s.contains(bucket))
            }
            Err(_) => return 0,
        };
        n + self.pending()
    }
}
