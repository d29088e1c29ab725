// A one-time action claimed by a conditional ORM update whose affected-row count is ignored:
// the filter stops the second request from changing the row, not from going on to the act.
use diesel::prelude::*;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;

diesel::table! {
    coupons (id) {
        id -> Integer,
        code -> Text,
        used -> Bool,
    }
}

diesel::table! {
    credits (id) {
        id -> Integer,
        user_id -> Integer,
        amount -> Integer,
    }
}

// diesel: `execute(conn)?;` drops the count, the credit is inserted anyway.
pub fn redeem(conn: &mut PgConnection, code: &str, user: i32) -> QueryResult<()> {
    diesel::update(coupons::table.filter(coupons::code.eq(code)).filter(coupons::used.eq(false)))
        .set(coupons::used.eq(true))
        .execute(conn)?; //~ db-check-then-update
    diesel::insert_into(credits::table)
        .values((credits::user_id.eq(user), credits::amount.eq(10)))
        .execute(conn)?;
    Ok(())
}

// diesel in a repository, `let _ =`, a conditional decrement (stock) then an order row.
pub struct Repo {
    pool: Pool,
}

impl Repo {
    pub fn order(&self, item: i32, buyer: i32) -> QueryResult<()> {
        use crate::schema::items::dsl::*;
        let conn = &mut self.pool.get().unwrap();
        let _ = diesel::update(items.find(item).filter(stock.gt(0)))
            .set(stock.eq(stock - 1))
            .execute(conn); //~ db-check-then-update
        diesel::insert_into(crate::schema::orders::table)
            .values((crate::schema::orders::item_id.eq(item), crate::schema::orders::buyer.eq(buyer)))
            .execute(conn)?;
        Ok(())
    }
}

// SeaORM `update_many` in an async handler: the claim's `rows_affected` is dropped.
pub async fn accept_invite(db: &DatabaseConnection, invite: i32, user: i32) -> Result<(), DbErr> {
    invite::Entity::update_many()
        .col_expr(invite::Column::Accepted, Expr::value(true))
        .filter(invite::Column::Id.eq(invite))
        .filter(invite::Column::Accepted.eq(false))
        .exec(db) //~ db-check-then-update
        .await?;
    member::ActiveModel {
        user_id: Set(user),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
