// The old value of a field copied into a local first, then written back computed from it.
use sea_orm::{ActiveModelTrait, DatabaseConnection, DbErr, EntityTrait, Set};

pub async fn count_download(db: &DatabaseConnection, id: i32) -> Result<(), DbErr> {
    let krate = krate::Entity::find_by_id(id).one(db).await?.unwrap();
    let downloads = krate.downloads;
    let mut am: krate::ActiveModel = krate.into();
    am.downloads = Set(downloads + 1);
    am.update(db).await?; //~ db-lost-update
    Ok(())
}

// Active record: the balance copied, the record saved with the new balance.
pub async fn credit(db: &Db, account_id: i64, amount: i64) -> anyhow::Result<()> {
    let mut account = Account::find_by_id(account_id, db).await?;
    let old = account.balance.clone();
    account.balance = old + amount;
    account.save(db).await?; //~ db-lost-update
    Ok(())
}
