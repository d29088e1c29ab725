// The conditional ORM update's row count decides: only the request that changed the row goes on.
use diesel::prelude::*;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;

pub fn redeem(conn: &mut PgConnection, code: &str, user: i32) -> QueryResult<bool> {
    let n = diesel::update(coupons::table.filter(coupons::code.eq(code)).filter(coupons::used.eq(false)))
        .set(coupons::used.eq(true))
        .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    diesel::insert_into(credits::table)
        .values((credits::user_id.eq(user), credits::amount.eq(10)))
        .execute(conn)?;
    Ok(true)
}

// `RETURNING` through `get_result(..).optional()`, the row checked.
pub fn redeem_returning(conn: &mut PgConnection, code: &str, user: i32) -> QueryResult<bool> {
    let claimed: Option<Coupon> =
        diesel::update(coupons::table.filter(coupons::code.eq(code)).filter(coupons::used.eq(false)))
            .set(coupons::used.eq(true))
            .get_result(conn)
            .optional()?;
    if claimed.is_none() {
        return Ok(false);
    }
    diesel::insert_into(credits::table)
        .values((credits::user_id.eq(user), credits::amount.eq(10)))
        .execute(conn)?;
    Ok(true)
}

pub async fn accept_invite(db: &DatabaseConnection, invite: i32, user: i32) -> Result<bool, DbErr> {
    let res = invite::Entity::update_many()
        .col_expr(invite::Column::Accepted, Expr::value(true))
        .filter(invite::Column::Id.eq(invite))
        .filter(invite::Column::Accepted.eq(false))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Ok(false);
    }
    member::ActiveModel {
        user_id: Set(user),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(true)
}

// An unconditional update (the filter names the row only), then an insert.
pub fn rename(conn: &mut PgConnection, id: i32, new_name: &str) -> QueryResult<()> {
    diesel::update(teams::table.find(id))
        .set(teams::name.eq(new_name))
        .execute(conn)?;
    diesel::insert_into(audit::table)
        .values(audit::team_id.eq(id))
        .execute(conn)?;
    Ok(())
}

// A conditional update with nothing after it.
pub async fn mark_all_seen(db: &DatabaseConnection, user: i32) -> Result<(), DbErr> {
    notification::Entity::update_many()
        .col_expr(notification::Column::Seen, Expr::value(true))
        .filter(notification::Column::UserId.eq(user))
        .filter(notification::Column::Seen.eq(false))
        .exec(db)
        .await?;
    Ok(())
}

// Every pending job of a deployment closed in bulk before a new one is created: rows named
// by their parent, whatever their number; the count answers nothing.
pub async fn create_job(c: &mut AsyncPgConnection, j: Job) -> QueryResult<Job> {
    diesel::update(
        jobs::table
            .filter(jobs::deployment_id.eq(&j.deployment_id))
            .filter(jobs::completed_at.is_null()),
    )
    .set(jobs::completed_at.eq(Utc::now()))
    .execute(c)
    .await?;
    diesel::insert_into(jobs::table).values(&j).get_result(c).await
}
