// The data helpers of one table, in their own module (diesel): the callers in `api.rs` see
// only their names. racelint reads their bodies (the data summaries) and joins them to the
// calls in the workspace phase.
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::schema::device_keys;

#[derive(Queryable, Insertable, AsChangeset, Clone)]
#[diesel(table_name = device_keys)]
pub struct DeviceKeys {
    pub dev_eui: i64,
    pub nwk_key: Vec<u8>,
    pub dev_nonces: serde_json::Value,
    pub join_nonce: i32,
}

pub async fn get(dev_eui: &i64) -> QueryResult<DeviceKeys> {
    let mut c = get_async_db_conn().await?;
    device_keys::dsl::device_keys.find(dev_eui).first(&mut c).await
}

pub async fn update(dk: DeviceKeys) -> QueryResult<DeviceKeys> {
    let mut c = get_async_db_conn().await?;
    diesel::update(device_keys::dsl::device_keys.find(&dk.dev_eui))
        .set(&dk)
        .get_result(&mut c)
        .await
}
