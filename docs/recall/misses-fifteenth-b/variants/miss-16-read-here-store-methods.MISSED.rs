// #16 variant: the quote read in this function from the transaction (`tx.get_quote(id)`),
// the same test, then `tx.increment_amount_paid(..)`
pub struct Quote {
    pub id: String,
    pub paid: bool,
    pub payment_ids: Vec<String>,
}

#[async_trait::async_trait]
pub trait Tx: Send {
    async fn get_quote(&mut self, id: &str) -> Result<Option<Quote>, String>;
    async fn increment_amount_paid(&mut self, quote: &str, amount: u64, payment: String) -> Result<u64, String>;
}

pub async fn credit(tx: &mut dyn Tx, id: &str, pid: String, amount: u64) -> Result<(), String> {
    let quote = tx.get_quote(id).await?.ok_or("unknown")?;
    if quote.paid || quote.payment_ids.contains(&pid) {
        return Ok(());
    }
    tx.increment_amount_paid(&quote.id, amount, pid).await?;
    Ok(())
}
