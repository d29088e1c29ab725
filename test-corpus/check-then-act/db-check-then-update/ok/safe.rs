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
