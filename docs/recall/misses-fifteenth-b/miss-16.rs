// #16 cdk e552643d0: the caller loads a quote and passes it in; this function tests the
// quote's state and its list of seen payment ids on that copy, then, in a new database
// transaction, adds each unseen payment with `tx.increment_amount_paid(..)` without reading
// the quote again. Two concurrent checks credit the same payment twice.
pub struct Quote {
    pub id: String,
    pub paid: bool,
    pub payment_ids: Vec<String>,
}

#[async_trait::async_trait]
pub trait Tx: Send {
    async fn increment_amount_paid(&mut self, quote: &str, amount: u64, payment: String) -> Result<u64, String>;
    async fn commit(self: Box<Self>) -> Result<(), String>;
}

#[async_trait::async_trait]
pub trait Store: Send + Sync {
    async fn begin_transaction(&self) -> Result<Box<dyn Tx>, String>;
}

pub struct Mint {
    localstore: Box<dyn Store>,
}

async fn lookup_payments(_q: &str) -> Vec<(String, u64)> {
    Vec::new()
}

impl Mint {
    pub async fn check_paid(&self, quote: &mut Quote) -> Result<(), String> {
        if quote.paid {
            return Ok(());
        }
        let payments = lookup_payments(&quote.id).await;
        let mut tx = self.localstore.begin_transaction().await?;
        for (pid, amount) in payments {
            if !quote.payment_ids.contains(&pid) {
                quote.payment_ids.push(pid.clone());
                tx.increment_amount_paid(&quote.id, amount, pid).await?;
            }
        }
        tx.commit().await
    }
}
