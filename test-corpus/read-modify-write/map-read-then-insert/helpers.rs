// An entry of a locked map read by a helper under its own guard (released when the helper
// returns) and a value computed from it inserted back under a second guard: by a second
// helper, or by a guard taken in place. An update of the same key made in between is lost.
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

#[derive(Clone, Default)]
pub struct Objects {
    pub files: Vec<String>,
    pub number: u64,
}

pub struct Store {
    objects: RwLock<HashMap<String, Objects>>,
    revisions: Mutex<HashMap<u32, u64>>,
}

impl Store {
    fn objects(&self, ca: &str) -> Objects {
        self.objects.read().unwrap().get(ca).cloned().unwrap_or_default()
    }

    fn put_objects(&self, ca: &str, objects: Objects) {
        self.objects.write().unwrap().insert(ca.to_string(), objects);
    }

    fn revision(&self, id: u32) -> u64 {
        *self.revisions.lock().unwrap().get(&id).unwrap()
    }

    fn number(&self, ca: &str) -> Option<u64> {
        self.objects.read().unwrap().get(ca).map(|o| o.number)
    }

    // both halves through helpers, the copy changed in place in between
    pub fn reissue(&self, ca: &str) {
        let mut objects = self.objects(ca); //~ map-read-then-insert
        objects.number += 1;
        self.put_objects(ca, objects);
    }

    // the copy handed to a closure that changes it
    pub fn with_objects<F: FnOnce(&mut Objects)>(&self, ca: &str, op: F) {
        let mut objects = self.objects(ca); //~ map-read-then-insert
        op(&mut objects);
        self.put_objects(ca, objects);
    }

    // the read a helper's, the insert through a named guard taken later
    pub fn bump(&self, id: u32) {
        let rev = self.revision(id); //~ map-read-then-insert
        let mut revs = self.revisions.lock().unwrap();
        revs.insert(id, rev + 1);
    }

    // the read inside the value written back
    pub fn touch(&self, ca: &str) {
        self.put_objects(ca, bumped(self.objects(ca))); //~ map-read-then-insert
    }

    // the read through a guard taken here, the write a helper's
    pub fn add_file(&self, ca: &str, file: String) {
        let mut objects = self.objects.read().unwrap().get(ca).cloned().unwrap_or_default(); //~ map-read-then-insert
        objects.files.push(file);
        self.put_objects(ca, objects);
    }

    // a field of the entry, read by the helper
    pub fn renumber(&self, ca: &str) {
        let n = self.number(ca).unwrap_or(0); //~ map-read-then-insert
        let objects = Objects {
            files: Vec::new(),
            number: n + 1,
        };
        self.put_objects(ca, objects);
    }
}

fn bumped(mut o: Objects) -> Objects {
    o.number += 1;
    o
}

// free functions taking the lock
fn count(m: &Mutex<HashMap<String, u64>>, k: &str) -> u64 {
    m.lock().unwrap().get(k).copied().unwrap_or(0)
}

fn set_count(m: &Mutex<HashMap<String, u64>>, k: &str, v: u64) {
    m.lock().unwrap().insert(k.to_string(), v);
}

pub fn hit(counts: Arc<Mutex<HashMap<String, u64>>>, path: String) {
    std::thread::spawn(move || {
        let n = count(&counts, &path); //~ map-read-then-insert
        set_count(&counts, &path, n + 1);
    });
}

// an async lock, an `.await` between the helper calls
pub struct Sessions {
    seqs: tokio::sync::RwLock<HashMap<u64, u64>>,
}

impl Sessions {
    async fn seq(&self, id: u64) -> u64 {
        self.seqs.read().await.get(&id).copied().unwrap_or_default()
    }

    async fn set_seq(&self, id: u64, v: u64) {
        self.seqs.write().await.insert(id, v);
    }

    pub async fn advance(&self, id: u64) {
        let s = self.seq(id).await; //~ map-read-then-insert
        flush().await;
        self.set_seq(id, s + 1).await;
    }
}

async fn flush() {}

// the store shared by the threads that update it
pub fn start(store: Arc<Store>) {
    for i in 0..4 {
        let s = store.clone();
        std::thread::spawn(move || s.with_objects("ca1", |o| o.files.push(format!("roa-{i}"))));
    }
    let s = store.clone();
    std::thread::spawn(move || s.reissue("ca1"));
}
