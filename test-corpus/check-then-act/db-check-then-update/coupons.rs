// Positive cases of `db-check-then-update`: a record read, a field of it checked in
// application code, then the row written with a change to that field by a write that does
// not re-check it. Per library: active record, diesel, SeaORM.

use axum::extract::{Path, State};
use std::sync::Arc;
use tokio::sync::Mutex;

// Active record in an axum handler: a coupon redeemed past its limit.
pub async fn redeem(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<(), AppError> {
    let mut conn = state.pool.acquire().await?;
    let mut coupon = Coupon::find_by_code(&code, &mut conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if coupon.uses >= coupon.max_uses {
        return Err(AppError::Exhausted);
    }
    coupon.uses += 1;
    coupon.save(&mut conn).await?; //~ db-check-then-update
    Ok(())
}

// A one-time token: checked unused, then marked used.
pub async fn consume_token(db: &Db, token_id: i64) -> anyhow::Result<()> {
    let mut token = Token::get(token_id, db).await?;
    if token.used {
        anyhow::bail!("token already used");
    }
    token.used = true;
    token.update(db).await?; //~ db-check-then-update
    grant_access(token.user_id).await
}

// diesel: the balance checked in Rust, then `update(..).set(..)` on the same row.
pub fn withdraw(conn: &mut PgConnection, account_id: i64, amount: i64) -> QueryResult<()> {
    use crate::schema::accounts::dsl::*;
    let acct = accounts.find(account_id).first::<Account>(conn)?;
    if acct.balance < amount {
        return Err(diesel::result::Error::RollbackTransaction);
    }
    diesel::update(accounts.find(account_id))
        .set(balance.eq(acct.balance - amount))
        .execute(conn)?; //~ db-check-then-update
    Ok(())
}

// SeaORM: the seat count checked, then the ActiveModel converted and updated.
pub async fn book_seat(db: &DatabaseConnection, show_id: i32) -> Result<(), DbErr> {
    let show = show::Entity::find_by_id(show_id)
        .one(db)
        .await?
        .ok_or(DbErr::RecordNotFound("show".into()))?;
    if show.seats_left > 0 {
        let mut am: show::ActiveModel = show.clone().into();
        am.seats_left = Set(show.seats_left - 1);
        am.update(db).await?; //~ db-check-then-update
    }
    Ok(())
}

// An in-process mutex around the pair: still reported (another replica is not serialised).
pub struct Redeemer {
    lock: Arc<Mutex<()>>,
    db: Db,
}

impl Redeemer {
    pub async fn redeem(&self, code: &str) -> anyhow::Result<()> {
        let _g = self.lock.lock().await;
        let mut coupon = Coupon::find_by_code(code, &self.db).await?;
        if coupon.uses < coupon.max_uses {
            coupon.uses += 1;
            coupon.save(&self.db).await?; //~ db-check-then-update
        }
        Ok(())
    }
}

// diesel with table-qualified columns: the limit is another column of the row.
pub fn redeem_diesel(conn: &mut PgConnection, coupon_id: i64) -> QueryResult<()> {
    use crate::schema::coupons;
    let coupon: Coupon = coupons::table.find(coupon_id).first(conn)?;
    if coupon.uses < coupon.max_uses {
        diesel::update(coupons::table.find(coupon_id))
            .set(coupons::uses.eq(coupon.uses + 1))
            .execute(conn)?; //~ db-check-then-update
    }
    Ok(())
}

// A one-time login token consumed by deleting it, the delete's count ignored.
pub async fn magic_login(db: &Db, code: &str) -> anyhow::Result<Session> {
    if let Some(token) = LoginToken::find_by_code(code, db).await? {
        token.delete(db).await?; //~ db-check-then-update
        return Session::create_for(token.user_id, db).await;
    }
    anyhow::bail!("invalid code")
}

// diesel: an invite found, deleted by key, then the membership granted.
pub fn accept_invite(conn: &mut PgConnection, invite_code: &str, user: i64) -> QueryResult<()> {
    use crate::schema::{invites, members};
    let invite: Option<Invite> = invites::table
        .filter(invites::code.eq(invite_code))
        .first(conn)
        .optional()?;
    if let Some(inv) = invite {
        diesel::delete(invites::table.filter(invites::code.eq(invite_code))).execute(conn)?; //~ db-check-then-update
        diesel::insert_into(members::table)
            .values((members::team.eq(inv.team_id), members::user_id.eq(user)))
            .execute(conn)?;
    }
    Ok(())
}
