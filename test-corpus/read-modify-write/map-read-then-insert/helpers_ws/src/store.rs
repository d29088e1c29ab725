use std::collections::HashMap;
use std::sync::RwLock;

#[derive(Clone, Default)]
pub struct Repo {
    pub revision: u64,
    pub objects: Vec<String>,
}

pub struct RepoStore {
    repos: RwLock<HashMap<String, Repo>>,
}

impl RepoStore {
    pub fn new() -> Self {
        RepoStore {
            repos: RwLock::new(HashMap::new()),
        }
    }

    pub fn latest(&self, handle: &str) -> Repo {
        self.repos.read().unwrap().get(handle).cloned().unwrap_or_default()
    }

    pub fn save(&self, handle: &str, repo: Repo) {
        self.repos.write().unwrap().insert(handle.to_string(), repo);
    }
}
