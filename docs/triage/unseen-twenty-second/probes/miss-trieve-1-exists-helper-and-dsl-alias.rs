// Miss (HEAD), trieve 66eca00b: server/src/operators/payment_operator.rs `create_invoice_query`
// (:915-963), called by the Stripe webhook handler for checkout.session.completed (flat plan,
// payment_handler.rs:215) and for invoice.paid (:309). Written from scratch. The function asks
// a helper whether a row with the Stripe invoice id exists, returns "already exists" if so,
// and otherwise inserts. Stripe sends both events for the first invoice of a new flat plan at
// about the same moment and the handler runs them concurrently; `stripe_invoices.stripe_id`
// has no unique index (migrations 2024-07-08, 2024-07-17), so both inserts can succeed and the
// organisation's billing page lists the invoice twice. Low harm.
// db-check-then-insert reports the inline lookup on `stripe_invoices::table` and a `get_*`
// helper that returns the Option (`create_via_get_helper`, contrast). Each of trieve's three
// habits silences it on its own:
//   1. the table reached through the diesel dsl alias `use schema::t::dsl as cols; cols::t`
//      (`create_alias_inline`);
//   2. a helper that returns `found.is_some()` as a bool (`create_via_bool_helper`);
//   3. a helper named with a `_query` suffix instead of a verb prefix
//      (`create_via_suffix_helper`).
// trieve's real function has all three (`create_invoice_query`).
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

diesel::table! {
    stripe_invoices (id) {
        id -> Uuid,
        stripe_id -> Nullable<Text>,
    }
}

// trieve's shape: `_query` name, bool answer, dsl alias.
pub async fn invoice_exists_query(conn: &mut AsyncPgConnection, invoice_id: String) -> QueryResult<bool> {
    use self::stripe_invoices::dsl as cols;
    let found = cols::stripe_invoices
        .filter(cols::stripe_id.eq(invoice_id))
        .select(cols::id)
        .first::<uuid::Uuid>(conn)
        .await
        .optional()?;
    Ok(found.is_some())
}

pub async fn create_invoice_query(conn: &mut AsyncPgConnection, invoice_id: String) -> QueryResult<()> {
    use self::stripe_invoices::dsl as cols;
    let exists = invoice_exists_query(conn, invoice_id.clone()).await?;
    if exists {
        return Ok(());
    }
    diesel::insert_into(cols::stripe_invoices)
        .values(cols::stripe_id.eq(invoice_id))
        .execute(conn)
        .await?;
    Ok(())
}

// 1. Inline, through the dsl alias.
pub async fn create_alias_inline(conn: &mut AsyncPgConnection, invoice_id: String) -> QueryResult<()> {
    use self::stripe_invoices::dsl as cols;
    let found = cols::stripe_invoices
        .filter(cols::stripe_id.eq(invoice_id.clone()))
        .select(cols::id)
        .first::<uuid::Uuid>(conn)
        .await
        .optional()?;
    if found.is_some() {
        return Ok(());
    }
    diesel::insert_into(cols::stripe_invoices)
        .values(cols::stripe_id.eq(invoice_id))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn get_invoice_exists(conn: &mut AsyncPgConnection, invoice_id: String) -> QueryResult<bool> {
    let found = stripe_invoices::table
        .filter(stripe_invoices::stripe_id.eq(invoice_id))
        .select(stripe_invoices::id)
        .first::<uuid::Uuid>(conn)
        .await
        .optional()?;
    Ok(found.is_some())
}

// 2. A get_ helper that answers with a bool.
pub async fn create_via_bool_helper(conn: &mut AsyncPgConnection, invoice_id: String) -> QueryResult<()> {
    if get_invoice_exists(conn, invoice_id.clone()).await? {
        return Ok(());
    }
    diesel::insert_into(stripe_invoices::table)
        .values(stripe_invoices::stripe_id.eq(invoice_id))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn invoice_lookup_query(conn: &mut AsyncPgConnection, invoice_id: String) -> QueryResult<Option<uuid::Uuid>> {
    stripe_invoices::table
        .filter(stripe_invoices::stripe_id.eq(invoice_id))
        .select(stripe_invoices::id)
        .first::<uuid::Uuid>(conn)
        .await
        .optional()
}

// 3. A helper that returns the Option but is named `*_query`.
pub async fn create_via_suffix_helper(conn: &mut AsyncPgConnection, invoice_id: String) -> QueryResult<()> {
    let found = invoice_lookup_query(conn, invoice_id.clone()).await?;
    if found.is_some() {
        return Ok(());
    }
    diesel::insert_into(stripe_invoices::table)
        .values(stripe_invoices::stripe_id.eq(invoice_id))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn get_invoice(conn: &mut AsyncPgConnection, invoice_id: String) -> QueryResult<Option<uuid::Uuid>> {
    stripe_invoices::table
        .filter(stripe_invoices::stripe_id.eq(invoice_id))
        .select(stripe_invoices::id)
        .first::<uuid::Uuid>(conn)
        .await
        .optional()
}

// Contrast: reported (db-check-then-insert).
pub async fn create_via_get_helper(conn: &mut AsyncPgConnection, invoice_id: String) -> QueryResult<()> {
    let found = get_invoice(conn, invoice_id.clone()).await?;
    if found.is_some() {
        return Ok(());
    }
    diesel::insert_into(stripe_invoices::table)
        .values(stripe_invoices::stripe_id.eq(invoice_id))
        .execute(conn)
        .await?;
    Ok(())
}

// The dsl alias silences db-check-then-update too (not a trieve bug; shown for the cause).
diesel::table! {
    coupons (id) {
        id -> Int4,
        uses -> Int4,
        max_uses -> Int4,
    }
}

#[derive(Queryable)]
pub struct Coupon {
    pub id: i32,
    pub uses: i32,
    pub max_uses: i32,
}

// Silent.
pub async fn redeem_alias(conn: &mut AsyncPgConnection, cid: i32) -> QueryResult<bool> {
    use self::coupons::dsl as coupon_cols;
    let c: Coupon = coupon_cols::coupons.find(cid).first(conn).await?;
    if c.uses >= c.max_uses {
        return Ok(false);
    }
    diesel::update(coupon_cols::coupons.find(cid))
        .set(coupon_cols::uses.eq(c.uses + 1))
        .execute(conn)
        .await?;
    Ok(true)
}

// Contrast: reported (db-check-then-update).
pub async fn redeem_table(conn: &mut AsyncPgConnection, cid: i32) -> QueryResult<bool> {
    let c: Coupon = coupons::table.find(cid).first(conn).await?;
    if c.uses >= c.max_uses {
        return Ok(false);
    }
    diesel::update(coupons::table.find(cid))
        .set(coupons::uses.eq(c.uses + 1))
        .execute(conn)
        .await?;
    Ok(true)
}
