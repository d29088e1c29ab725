// Positive cases of `store-get-then-save`: a record fetched by an awaited repository read is
// modified in application code and saved back by an awaited write on the same repository.

use axum::extract::{Path, State};
use std::sync::Arc;

pub struct Post {
    pub id: i64,
    pub likes: i64,
    pub views: i64,
    pub tags: Vec<String>,
}

#[async_trait::async_trait]
pub trait PostRepo: Send + Sync {
    async fn get(&self, id: i64) -> anyhow::Result<Post>;
    async fn find_by_id(&self, id: i64) -> anyhow::Result<Option<Post>>;
    async fn save(&self, post: &Post) -> anyhow::Result<()>;
    async fn update(&self, post: &Post) -> anyhow::Result<()>;
}

// A free async function: the seed bug. Two concurrent likes count once.
pub async fn like_post(repo: &dyn PostRepo, id: i64) -> anyhow::Result<()> {
    let mut post = repo.get(id).await?;
    post.likes += 1;
    repo.save(&post).await?; //~ store-get-then-save
    Ok(())
}

pub struct PostService {
    repo: Arc<dyn PostRepo>,
}

impl PostService {
    // `&self` with the repository in a field, the record unwrapped from an Option.
    pub async fn add_tag(&self, id: i64, tag: String) -> anyhow::Result<()> {
        let mut post = self
            .repo
            .find_by_id(id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no post {id}"))?;
        post.tags.push(tag);
        self.repo.update(&post).await?; //~ store-get-then-save
        Ok(())
    }

    // A new value built from the old one with struct-update syntax.
    pub async fn view(&self, id: i64) -> anyhow::Result<()> {
        let post = self.repo.get(id).await?;
        let post = Post {
            views: post.views + 1,
            ..post
        };
        self.repo.save(&post).await //~ store-get-then-save
    }
}

#[derive(Clone)]
pub struct AppState {
    pub accounts: Arc<AccountStore>,
}

pub struct Account {
    pub balance: i64,
}

pub struct AccountStore;

impl AccountStore {
    pub async fn load(&self, user: i64) -> anyhow::Result<Account> {
        todo!()
    }
    pub async fn store(&self, acct: &Account) -> anyhow::Result<()> {
        todo!()
    }
}

// An axum handler: the balance is computed from the value read.
pub async fn deposit(
    State(state): State<AppState>,
    Path((user, amount)): Path<(i64, i64)>,
) -> Result<(), String> {
    let mut acct = state.accounts.load(user).await.map_err(|e| e.to_string())?;
    acct.balance = acct.balance + amount;
    state.accounts.store(&acct).await.map_err(|e| e.to_string())?; //~ store-get-then-save
    Ok(())
}

// Inside a task spawned per event.
pub fn count_in_background(repo: Arc<dyn PostRepo>, id: i64) {
    tokio::spawn(async move {
        let mut post = repo.get(id).await.unwrap();
        post.views += 1;
        repo.save(&post).await.unwrap(); //~ store-get-then-save
    });
}

// A helper that modifies the record: the mutation is `likes -= 1` through a helper-free path.
pub async fn unlike(repo: &dyn PostRepo, id: i64) -> anyhow::Result<()> {
    let mut post = repo.get(id).await?;
    if post.likes > 0 {
        post.likes -= 1;
    }
    repo.update(&post).await //~ store-get-then-save
}
