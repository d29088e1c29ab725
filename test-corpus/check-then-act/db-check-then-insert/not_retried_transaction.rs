// Near misses of `ok/retried_transaction.rs`: a transaction that is not retried (its helper
// says so, or nothing names a retry) does not say the database serializes it, and a helper
// called once outside the retried transaction is not serialized by it.

use diesel::prelude::*;

impl DataStore {
    // a helper named against retrying: the isolation is the database's default
    pub async fn lot_create(&self, name: String) -> Result<(), Error> {
        let conn = self.pool_connection().await?;
        self.transaction_non_retry_wrapper("lot_create")
            .transaction(&conn, |conn| {
                let name = name.clone();
                async move {
                    let n: i64 = lots::table
                        .filter(lots::name.eq(&name))
                        .count()
                        .get_result_async(&conn)
                        .await?;
                    if n == 0 {
                        diesel::insert_into(lots::table)
                            .values(lots::name.eq(&name))
                            .execute_async(&conn) //~ db-check-then-insert
                            .await?;
                    }
                    Ok(())
                }
            })
            .await
    }

    async fn create_user_in_txn(conn: &Conn, user_name: &str) -> Result<(), Error> {
        let taken: bool = diesel::select(diesel::dsl::exists(
            users::table.filter(users::name.eq(user_name)),
        ))
        .get_result_async(conn)
        .await?;
        if !taken {
            diesel::insert_into(users::table)
                .values(users::name.eq(user_name))
                .execute_async(conn) //~ db-check-then-insert
                .await?;
        }
        Ok(())
    }

    pub async fn user_create(&self, user_name: String) -> Result<(), Error> {
        let conn = self.pool_connection().await?;
        self.transaction_retry_wrapper("user_create")
            .transaction(&conn, |conn| {
                let user_name = user_name.clone();
                async move { Self::create_user_in_txn(&conn, &user_name).await }
            })
            .await
    }

    // the same helper, called outside any transaction
    pub async fn user_import(&self, user_name: String) -> Result<(), Error> {
        let conn = self.pool_connection().await?;
        Self::create_user_in_txn(&conn, &user_name).await
    }
}
