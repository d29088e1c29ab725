// Near misses of `store-get-then-save` that must stay silent.

use std::collections::HashMap;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::RwLock;

pub struct Post {
    pub id: i64,
    pub likes: i64,
    pub title: String,
    pub version: i64,
}

#[async_trait::async_trait]
pub trait PostRepo: Send + Sync {
    async fn get(&self, id: i64) -> anyhow::Result<Post>;
    async fn save(&self, post: &Post) -> anyhow::Result<bool>;
    async fn increment_likes(&self, id: i64) -> anyhow::Result<()>;
    async fn save_if_version(&self, post: &Post, version: i64) -> anyhow::Result<bool>;
}

// The atomic rewrite: the store does the arithmetic.
pub async fn like_atomic(repo: &dyn PostRepo, id: i64) -> anyhow::Result<()> {
    repo.increment_likes(id).await
}

// Optimistic concurrency: a version-checked save, retried when another writer won.
pub async fn like_versioned(repo: &dyn PostRepo, id: i64) -> anyhow::Result<()> {
    loop {
        let mut post = repo.get(id).await?;
        post.likes += 1;
        if repo.save_if_version(&post, post.version).await? {
            return Ok(());
        }
    }
}

// A retry loop around a save that reports whether it applied.
pub async fn like_retry(repo: &dyn PostRepo, id: i64) -> anyhow::Result<()> {
    loop {
        let mut post = repo.get(id).await?;
        post.likes += 1;
        let applied = repo.save(&post).await?;
        if applied {
            break;
        }
    }
    Ok(())
}

// Reading one record and saving a different one.
pub async fn copy_likes(repo: &dyn PostRepo, from: i64, to: i64) -> anyhow::Result<()> {
    let src = repo.get(from).await?;
    let mut dst = repo.get(to).await?;
    dst.title = src.title.clone();
    repo.save(&dst).await?;
    Ok(())
}

// The value read does not flow into the write.
pub async fn reset(repo: &dyn PostRepo, id: i64) -> anyhow::Result<()> {
    let _old = repo.get(id).await?;
    let fresh = Post {
        id,
        likes: 0,
        title: String::new(),
        version: 0,
    };
    repo.save(&fresh).await?;
    Ok(())
}

// A local map is not a store, and nothing is awaited.
pub fn local_map(counts: &mut HashMap<i64, Post>, id: i64) {
    if let Some(p) = counts.get(&id) {
        let likes = p.likes + 1;
        counts.get_mut(&id).unwrap().likes = likes;
    }
}

// A tokio RwLock: `read().await` / `write().await` are lock acquisitions, not store calls.
pub async fn bump_shared(state: Arc<RwLock<Post>>) {
    let mut g = state.write().await;
    g.likes += 1;
}

// Stream I/O: reading into a buffer and writing it out is not a record update.
pub async fn echo(mut sock: tokio::net::TcpStream) -> std::io::Result<()> {
    let mut buf = [0u8; 1024];
    let n = sock.read(&mut buf).await?;
    sock.write(&buf[..n]).await?;
    Ok(())
}
