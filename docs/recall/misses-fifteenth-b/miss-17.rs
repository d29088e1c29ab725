// #17 cdk 9294e9664: melting a quote locks its row (`get_melt_quote`, SELECT .. FOR UPDATE),
// then locks every quote sharing its `request_lookup_id` (`get_melt_quotes_by_lookup`,
// SELECT .. WHERE request_lookup_id = .. FOR UPDATE). Two transactions melting sibling quotes
// A and B each hold their own row and wait for the other's. The queries are behind
// transaction-trait methods implemented in another module.
#[async_trait::async_trait]
pub trait MintTx: Send {
    async fn get_melt_quote(&mut self, id: &str) -> Result<Option<Quote>, String>;
    async fn get_melt_quotes_by_lookup(&mut self, lookup: &str) -> Result<Vec<Quote>, String>;
}

pub struct Quote {
    pub id: String,
    pub lookup: Option<String>,
    pub pending: bool,
}

pub async fn load_exclusively(tx: &mut Box<dyn MintTx + Send>, id: &str) -> Result<Quote, String> {
    let quote = tx.get_melt_quote(id).await?.ok_or("unknown quote")?;
    if let Some(lookup) = quote.lookup.as_ref() {
        let siblings = tx.get_melt_quotes_by_lookup(lookup).await?;
        if siblings.iter().any(|q| q.id != quote.id && q.pending) {
            return Err("duplicate".into());
        }
    }
    Ok(quote)
}
