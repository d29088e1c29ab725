// #16 variant: control: the record read here (`Quote::find(id, db)`), tested, changed, `save()`d
pub struct Quote {
    pub id: String,
    pub paid: bool,
    pub amount_paid: u64,
}

impl Quote {
    pub async fn find(_id: &str, _db: &Db) -> Result<Quote, String> {
        Err(String::new())
    }
    pub async fn save(&self, _db: &Db) -> Result<(), String> {
        Ok(())
    }
}

pub struct Db;

pub async fn credit(db: &Db, id: &str, amount: u64) -> Result<(), String> {
    let mut quote = Quote::find(id, db).await?;
    if quote.paid {
        return Ok(());
    }
    quote.amount_paid += amount;
    quote.save(db).await
}
