// Miss found while reading, matrix-authentication-service HEAD 682b8d26:
// crates/handlers/src/admin/v1/user_emails/add.rs:135-148 and
// crates/handlers/src/graphql/mutations/user_email.rs:824-844.
// Written from scratch. "An address belongs to at most one account" is enforced only in code:
// count the rows with that address, refuse if > 0, else insert. user_emails has no unique
// index on the address (only plain indexes on email and LOWER(email)), so two concurrent
// requests (two admin calls, or an admin call and a user finishing the e-mail verification
// flow) both count 0 and both insert: one address on two accounts, which the login-by-email
// and recovery flows assume cannot happen. racelint reports `find_*` -> `add` (see the
// findings in user_email.rs:470) but not `count(..) > 0` -> `add`.
pub struct Email {
    pub user: u64,
    pub address: String,
}

pub trait EmailRepo {
    async fn count_for_address(&mut self, address: &str) -> Result<usize, String>;
    async fn add(&mut self, user: u64, address: String) -> Result<Email, String>;
}

pub async fn add_email<R: EmailRepo>(repo: &mut R, user: u64, address: String) -> Result<Email, String> {
    let count = repo.count_for_address(&address).await?;
    if count > 0 {
        return Err("address already in use".into());
    }
    repo.add(user, address).await
}
