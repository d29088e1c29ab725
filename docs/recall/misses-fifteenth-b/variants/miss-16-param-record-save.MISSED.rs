// #16 variant: active record passed in by the caller: the field tested, changed, and `save()`d
pub struct Quote {
    pub id: String,
    pub paid: bool,
    pub amount_paid: u64,
}

impl Quote {
    pub async fn save(&self, _db: &Db) -> Result<(), String> {
        Ok(())
    }
}

pub struct Db;

pub async fn credit(db: &Db, quote: &mut Quote, amount: u64) -> Result<(), String> {
    if quote.paid {
        return Ok(());
    }
    quote.amount_paid += amount;
    quote.save(db).await
}
