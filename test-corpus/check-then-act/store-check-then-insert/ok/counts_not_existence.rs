// Counts that are not an existence check: compared with a limit, or only reported.

pub trait Repo {
    async fn count_for_user(&self, user: u64) -> Result<usize, String>;
    async fn insert(&self, user: u64) -> Result<(), String>;
}

// A quota, not "does it exist": the finding would be a limit race, which this rule does not claim.
pub async fn add_device(repo: &impl Repo, user: u64, max: usize) -> Result<(), String> {
    let n = repo.count_for_user(user).await?;
    if n >= max {
        return Err("too many devices".into());
    }
    repo.insert(user).await
}

// The count is only logged.
pub async fn add_logged(repo: &impl Repo, user: u64) -> Result<(), String> {
    let n = repo.count_for_user(user).await?;
    println!("{n} devices before");
    repo.insert(user).await
}

// An iterator's count is no store call.
pub async fn add_unique(repo: &impl Repo, users: Vec<u64>) -> Result<(), String> {
    if users.iter().filter(|u| **u == 7).count() == 0 {
        repo.insert(7).await?;
    }
    Ok(())
}
