// A check and an insert inside a transaction that is retried when it fails to serialize:
// code that retries on a serialization failure runs on a database that serializes its
// transactions (CockroachDB, PostgreSQL at SERIALIZABLE). Of two runs that both find no row,
// one fails at commit and runs again, and then sees the other's row. Several styles: a retry
// helper whose `.transaction(..)` takes the closure, a `*_with_retry` transaction method, a
// free retry function, and a helper this file calls only inside such transactions.

use diesel::prelude::*;

use crate::schema::lots::dsl as lots;

impl DataStore {
    // the retry helper returned by a method, its `transaction` taking the body
    pub async fn lot_create(&self, name: String) -> Result<Lot, Error> {
        let conn = self.pool_connection().await?;
        self.transaction_retry_wrapper("lot_create")
            .transaction(&conn, |conn| {
                let name = name.clone();
                async move {
                    let found: Option<Lot> = lots::lots
                        .filter(lots::name.eq(name.clone()))
                        .first_async(&conn)
                        .await
                        .optional()?;
                    match found {
                        Some(l) => Ok(l),
                        None => {
                            diesel::insert_into(lots::lots)
                                .values(lots::name.eq(name))
                                .get_result_async(&conn)
                                .await
                        }
                    }
                }
            })
            .await
    }

    // the connection's own retrying transaction
    pub async fn tag_create(&self, label: String) -> Result<(), Error> {
        let conn = self.pool_connection().await?;
        conn.transaction_async_with_retry(
            |conn| {
                let label = label.clone();
                async move {
                    let n: i64 = tags::table
                        .filter(tags::label.eq(&label))
                        .count()
                        .get_result_async(&conn)
                        .await?;
                    if n == 0 {
                        diesel::insert_into(tags::table)
                            .values(tags::label.eq(&label))
                            .execute_async(&conn)
                            .await?;
                    }
                    Ok(())
                }
            },
            || async { true },
        )
        .await
    }

    // a helper that takes the transaction's connection, called only inside retried
    // transactions of this file
    async fn create_user_in_txn(conn: &Conn, user_name: &str) -> Result<(), Error> {
        let taken: bool = diesel::select(diesel::dsl::exists(
            users::table.filter(users::name.eq(user_name)),
        ))
        .get_result_async(conn)
        .await?;
        if !taken {
            diesel::insert_into(users::table)
                .values(users::name.eq(user_name))
                .execute_async(conn)
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
}
