// `store-get-then-save` on an in-process object shared through `&self` methods (pingora's
// static service discovery: "concurrent set/add/remove might race with each other"): each
// method is atomic, the get-change-set sequence is not.
use arc_swap::ArcSwap;
use std::collections::BTreeSet;
use std::sync::Arc;

pub struct Backends {
    set: ArcSwap<BTreeSet<String>>,
}

impl Backends {
    pub fn get(&self) -> BTreeSet<String> {
        BTreeSet::clone(&self.set.load())
    }

    pub fn set(&self, v: BTreeSet<String>) {
        self.set.store(Arc::new(v))
    }

    pub fn add(&self, b: String) {
        let mut new = self.get();
        new.insert(b);
        self.set(new) //~ store-get-then-save
    }
}

pub fn run(b: Arc<Backends>) {
    let b2 = b.clone();
    std::thread::spawn(move || b2.add("a".into()));
    b.add("b".into());
}
