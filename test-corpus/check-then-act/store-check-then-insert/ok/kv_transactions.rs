// A check and an insert (or a read and a write) in one key-value transaction: the KV stores'
// transactions (TiKV, FoundationDB, SurrealKV, sled, redb) conflict at commit when another
// transaction wrote the key in between, so one of two racers fails and is retried.

use std::sync::Arc;

pub struct Transaction;

impl Transaction {
    pub async fn get(&self, _key: &str) -> Result<Option<u64>, String> {
        Ok(None)
    }
    pub async fn set(&self, _key: &str, _val: &u64) -> Result<(), String> {
        Ok(())
    }
    pub async fn put(&self, _key: &str, _val: &u64) -> Result<(), String> {
        Ok(())
    }
    pub async fn commit(&self) -> Result<(), String> {
        Ok(())
    }
}

pub struct Datastore;

impl Datastore {
    pub async fn begin(&self) -> Result<Arc<Transaction>, String> {
        Ok(Arc::new(Transaction))
    }
}

pub struct Context {
    tx: Arc<Transaction>,
}

impl Context {
    pub fn tx(&self) -> Arc<Transaction> {
        self.tx.clone()
    }
}

async fn next_id() -> u64 {
    7
}

// the transaction taken from a context: `let tx = ctx.tx();`
pub async fn resolve(ctx: &Context, id: u64) -> Result<u64, String> {
    let key = format!("id/{id}");
    let tx = ctx.tx();
    if let Some(doc) = tx.get(&key).await? {
        return Ok(doc);
    }
    let new_id = next_id().await;
    tx.set(&key, &new_id).await?;
    Ok(new_id)
}

// a parameter of type `&Transaction`, the check in a `match`
pub async fn insert_hashed(txn: &Transaction, v: u64) -> Result<(), String> {
    let key = format!("hh/{v}");
    match txn.get(&key).await? {
        None => txn.put(&key, &v).await?,
        Some(_) => {}
    }
    Ok(())
}

// a transaction begun here, a read-modify-write of a counter inside it
pub async fn bump(ds: &Datastore, name: &str) -> Result<u64, String> {
    let transaction = ds.begin().await?;
    let n = transaction.get(name).await?.unwrap_or(0);
    transaction.set(name, &(n + 1)).await?;
    transaction.commit().await?;
    Ok(n + 1)
}
