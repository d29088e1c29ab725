// FP probe (written from scratch) for the main FP cause in oxidecomputer/omicron (21 of the 22
// findings there: db-check-then-insert and db-check-then-update in nexus/db-queries).
//
// The code: a datastore method runs a lookup and, when no row is found, an insert, both on the
// connection of one transaction (`transaction_async`, here inside a retry loop). racelint
// reports db-check-then-insert at the insert (line 57).
//
// Why it is an FP: the database is CockroachDB, which runs every transaction SERIALIZABLE
// (omicron's datastore says so next to a similar lookup: "This looks like a time-of-check-to-
// time-of-use race, but this approach works because we're inside a transaction and the
// isolation level is SERIALIZABLE"). Two concurrent transactions that both miss the row and
// both insert cannot both commit: one fails with a retryable serialization error (40001) and
// the retry wrapper runs it again, now seeing the committed row. The same code on PostgreSQL's
// default READ COMMITTED would be a real double insert, which is why the rule is right to
// exist.
//
// What racelint would need: the isolation level as a fact. Sources, most general first: a
// `SET TRANSACTION ISOLATION LEVEL SERIALIZABLE` / `.serializable()` builder on the
// transaction; a transaction closure that is retried on serialization failure (a retry
// wrapper only makes sense under SERIALIZABLE); the database engine (CockroachDB, which has
// no weaker default); or a project option. Under SERIALIZABLE, check-then-write rules should
// skip statements that run on one transaction's connection.
use async_bb8_diesel::{AsyncConnection, AsyncRunQueryDsl};
use diesel::prelude::*;

diesel::table! {
    address_lot (id) {
        id -> Uuid,
        name -> Text,
    }
}

#[derive(Queryable, Insertable, Clone)]
#[diesel(table_name = address_lot)]
pub struct AddressLot {
    pub id: uuid::Uuid,
    pub name: String,
}

pub type Conn = async_bb8_diesel::Connection<diesel::PgConnection>;

pub async fn address_lot_create(conn: &Conn, lot: AddressLot) -> Result<AddressLot, diesel::result::Error> {
    loop {
        let lot = lot.clone();
        let result = conn
            .transaction_async(|conn| async move {
                let found: Option<AddressLot> = address_lot::table
                    .filter(address_lot::name.eq(lot.name.clone()))
                    .first_async(&conn)
                    .await
                    .ok();
                match found {
                    Some(v) => Ok(v),
                    None => {
                        diesel::insert_into(address_lot::table)
                            .values(lot)
                            .get_result_async(&conn)
                            .await
                    }
                }
            })
            .await;
        match result {
            Err(e) if is_serialization_failure(&e) => continue,
            other => return other,
        }
    }
}

fn is_serialization_failure(e: &diesel::result::Error) -> bool {
    e.to_string().contains("restart transaction")
}
