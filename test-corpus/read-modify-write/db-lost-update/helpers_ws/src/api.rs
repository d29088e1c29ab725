// `db-lost-update` through the application's data helpers (defined in `storage/`): a value
// read by one helper, changed in Rust, written back by another. Two requests interleave
// between the helpers' statements.
use crate::storage::accounts::{get_balance, set_balance};
use crate::storage::device_keys;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub struct Api {
    pool: sqlx::PgPool,
}

impl Api {
    // an API call replacing the keys rebuilds the row from the one read: a join accepted in
    // between (it appends a nonce, bumps join_nonce) is undone
    pub async fn update_keys(&self, dev_eui: i64, nwk_key: Vec<u8>) -> QueryResult<()> {
        let dk = device_keys::get(&dev_eui).await?;
        let dk = device_keys::DeviceKeys {
            dev_eui: dk.dev_eui,
            dev_nonces: dk.dev_nonces,
            join_nonce: dk.join_nonce,
            nwk_key,
        };
        device_keys::update(dk).await?; //~ db-lost-update
        Ok(())
    }

    // two withdrawals read the same balance: one debit is lost
    pub async fn withdraw(&self, id: i64, amount: i64) -> sqlx::Result<()> {
        let bal = get_balance(&self.pool, id).await?;
        if bal < amount {
            return Ok(());
        }
        set_balance(&self.pool, id, bal - amount).await //~ db-lost-update
    }
}

// a helper read, an inline diesel write computed from it
pub async fn bump_join_nonce(conn: &mut diesel_async::AsyncPgConnection, dev_eui: i64) -> QueryResult<()> {
    use crate::schema::device_keys::dsl::join_nonce;
    let dk = device_keys::get(&dev_eui).await?;
    diesel::update(crate::schema::device_keys::table.find(dev_eui))
        .set(join_nonce.eq(dk.join_nonce + 1))
        .execute(conn) //~ db-lost-update
        .await?;
    Ok(())
}
