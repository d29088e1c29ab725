use std::sync::Arc;

use crate::store::RepoStore;

pub fn publish(store: &RepoStore, handle: &str, object: String) {
    let mut repo = store.latest(handle); //~ map-read-then-insert
    repo.revision += 1;
    repo.objects.push(object);
    store.save(handle, repo);
}

pub fn serve(store: Arc<RepoStore>) {
    for i in 0..4 {
        let s = store.clone();
        std::thread::spawn(move || publish(&s, "repo", format!("obj-{i}")));
    }
}
