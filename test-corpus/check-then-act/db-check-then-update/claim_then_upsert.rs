// Near miss: the insert after the ignored claim updates the row when it exists (an upsert),
// so both requests act: the credit is added twice.
use diesel::prelude::*;

pub fn redeem(conn: &mut PgConnection, code: &str, user: i32) -> QueryResult<()> {
    diesel::update(coupons::table.filter(coupons::code.eq(code)).filter(coupons::used.eq(false)))
        .set(coupons::used.eq(true))
        .execute(conn)?; //~ db-check-then-update
    diesel::insert_into(credits::table)
        .values((credits::user_id.eq(user), credits::amount.eq(10)))
        .on_conflict(credits::user_id)
        .do_update()
        .set(credits::amount.eq(credits::amount + 10))
        .execute(conn)?;
    Ok(())
}
