// Negative cases of `db-check-then-update`: a row lock, a conditional write, a check of a
// field the write does not change, a write to another row.

use diesel::prelude::*;

// The row is read `FOR UPDATE` inside the transaction.
pub fn withdraw_locked(conn: &mut PgConnection, account_id: i64, amount: i64) -> QueryResult<()> {
    use crate::schema::accounts::dsl::*;
    conn.transaction(|conn| {
        let acct = accounts.find(account_id).for_update().first::<Account>(conn)?;
        if acct.balance < amount {
            return Err(diesel::result::Error::RollbackTransaction);
        }
        diesel::update(accounts.find(account_id))
            .set(balance.eq(acct.balance - amount))
            .execute(conn)?;
        Ok(())
    })
}

// The write re-checks the condition itself and its row count is the answer.
pub fn withdraw_conditional(conn: &mut PgConnection, account_id: i64, amount: i64) -> QueryResult<bool> {
    use crate::schema::accounts::dsl::*;
    let acct = accounts.find(account_id).first::<Account>(conn)?;
    if acct.balance < amount {
        return Ok(false);
    }
    let n = diesel::update(accounts.find(account_id).filter(balance.ge(amount)))
        .set(balance.eq(balance - amount))
        .execute(conn)?;
    Ok(n == 1)
}

// An authorisation check on a field the save does not change.
pub async fn rename(db: &Db, post_id: i64, user_id: i64, title: String) -> anyhow::Result<()> {
    let mut post = Post::find_by_id(post_id, db).await?;
    if post.author_id != user_id {
        anyhow::bail!("forbidden");
    }
    post.title = title;
    post.save(db).await?;
    Ok(())
}

// A SERIALIZABLE transaction around check and write.
pub async fn redeem_serial(db: &Db, code: &str) -> anyhow::Result<()> {
    let mut tx = db.begin_with("BEGIN ISOLATION LEVEL SERIALIZABLE").await?;
    let mut coupon = Coupon::find_by_code(code, &mut tx).await?;
    if coupon.uses < coupon.max_uses {
        coupon.uses += 1;
        coupon.save(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

// The check skips writing the value it compares with: concurrent runs write the same value.
pub async fn put_device_token(db: &Db, device_id: i64, token: String) -> anyhow::Result<()> {
    let mut device = Device::find_by_id(device_id, db).await?;
    if device.push_token.as_ref() == Some(&token) {
        return Ok(());
    }
    device.push_token = Some(token);
    device.save(db).await?;
    Ok(())
}

// The delete's count decides: only the request that removed the invite goes on.
pub fn accept_invite(conn: &mut PgConnection, invite_code: &str, user: i64) -> QueryResult<bool> {
    use crate::schema::{invites, members};
    let invite: Option<Invite> = invites::table
        .filter(invites::code.eq(invite_code))
        .first(conn)
        .optional()?;
    if let Some(inv) = invite {
        let n = diesel::delete(invites::table.filter(invites::code.eq(invite_code))).execute(conn)?;
        if n == 0 {
            return Ok(false);
        }
        diesel::insert_into(members::table)
            .values((members::team.eq(inv.team_id), members::user_id.eq(user)))
            .execute(conn)?;
        return Ok(true);
    }
    Ok(false)
}

// A record deleted on request: nothing is done with it afterwards.
pub async fn delete_post(db: &Db, id: i64) -> anyhow::Result<()> {
    if let Some(post) = Post::find_by_id(id, db).await? {
        post.delete(db).await?;
    }
    Ok(())
}

// A list tested for emptiness, then all its rows deleted: nothing is consumed once.
pub async fn recover(db: &Db, user: &User) -> anyhow::Result<()> {
    let factors = TwoFactor::find_by_user(&user.uuid, db).await?;
    if factors.is_empty() {
        return Ok(());
    }
    TwoFactor::delete_all_by_user(&user.uuid, db).await?;
    enforce_policy(&user.uuid, db).await?;
    Ok(())
}

// SeaORM: the field written only when it differs from the new value (kellnr's yank sync).
pub async fn sync_yanked(db: &DatabaseConnection, id: i32, yanked: bool) -> Result<(), DbErr> {
    let current = index::Entity::find_by_id(id).one(db).await?.unwrap();
    if yanked != current.yanked {
        let mut am: index::ActiveModel = current.into();
        am.yanked = Set(yanked);
        am.update(db).await?;
    }
    Ok(())
}

// the update re-checks the column in its own WHERE and reads the rows it changed
pub fn use_token_once(conn: &mut PgConnection, tok: &str) -> QueryResult<bool> {
    let t: Token = tokens::table.filter(tokens::value.eq(tok)).first(conn)?;
    if t.used_at.is_some() {
        return Ok(false);
    }
    let n = diesel::update(tokens::table.find(t.id).filter(tokens::used_at.is_null()))
        .set(tokens::used_at.eq(diesel::dsl::now))
        .execute(conn)?;
    Ok(n == 1)
}
