// diesel: locks taken in a closure given to `conn.transaction(..)`.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use std::collections::HashMap;

pub fn restock(conn: &mut PgConnection, wanted: &HashMap<i32, i32>) -> QueryResult<()> {
    conn.transaction(|conn| {
        for (item_id, qty) in wanted.iter() {
            diesel::update(items::table.find(item_id))
                .set(items::stock.eq(items::stock + qty))
                .execute(conn)?; //~ db-row-lock-order
        }
        Ok(())
    })
}

pub fn swap_owner(conn: &mut PgConnection, a: i32, b: i32) -> QueryResult<()> {
    conn.transaction(|conn| {
        let first = items::table.find(a).for_update().first::<Item>(conn)?;
        let second = items::table.find(b).for_update().first::<Item>(conn)?; //~ db-row-lock-order
        diesel::update(items::table.find(a))
            .set(items::owner.eq(second.owner))
            .execute(conn)?;
        diesel::update(items::table.find(b))
            .set(items::owner.eq(first.owner))
            .execute(conn)?;
        Ok(())
    })
}
