// A count of matching records compared with zero is an existence check: two requests both
// count zero and both insert.

pub struct Email {
    pub user: u64,
    pub address: String,
}

pub trait EmailRepo {
    async fn count_for_address(&mut self, address: &str) -> Result<usize, String>;
    async fn count(&self, address: &str) -> Result<u64, String>;
    async fn add(&mut self, user: u64, address: String) -> Result<Email, String>;
    async fn insert(&self, address: &str) -> Result<(), String>;
}

// A trait-generic repository: the count bound to a local, refused when positive.
pub async fn add_email<R: EmailRepo>(repo: &mut R, user: u64, address: String) -> Result<Email, String> {
    let count = repo.count_for_address(&address).await?;
    if count > 0 {
        return Err("address already in use".into());
    }
    repo.add(user, address).await //~ store-check-then-insert
}

// The count tested inline, insert in the branch where it is zero.
pub async fn subscribe<R: EmailRepo>(repo: &R, address: &str) -> Result<(), String> {
    if repo.count(address).await? == 0 {
        repo.insert(address).await?; //~ store-check-then-insert
    }
    Ok(())
}
