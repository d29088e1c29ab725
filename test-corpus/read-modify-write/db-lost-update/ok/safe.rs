// Negative cases of `db-lost-update`: computed in SQL, a row lock, a version column, a plain
// overwrite, a value that does not come from the record read.

use diesel::prelude::*;

pub fn like_atomic(conn: &mut PgConnection, id: i32) -> QueryResult<usize> {
    use crate::schema::posts::dsl::*;
    diesel::update(posts.find(id)).set(likes.eq(likes + 1)).execute(conn)
}

pub fn like_locked(conn: &mut PgConnection, id: i32) -> QueryResult<()> {
    use crate::schema::posts::dsl::*;
    conn.transaction(|conn| {
        let post = posts.find(id).for_update().first::<Post>(conn)?;
        diesel::update(posts.find(id))
            .set(likes.eq(post.likes + 1))
            .execute(conn)?;
        Ok(())
    })
}

pub fn like_versioned(conn: &mut PgConnection, id: i32) -> QueryResult<usize> {
    use crate::schema::posts::dsl::*;
    let post = posts.find(id).first::<Post>(conn)?;
    diesel::update(posts.find(id).filter(version.eq(post.version)))
        .set((likes.eq(post.likes + 1), version.eq(post.version + 1)))
        .execute(conn)
}

pub async fn rename(db: &Db, id: i64, title: String) -> anyhow::Result<()> {
    let mut post = Post::find_by_id(id, db).await?;
    post.title = title;
    post.save(db).await?;
    Ok(())
}

pub fn set_from_input(conn: &mut PgConnection, id: i32, n: i64) -> QueryResult<usize> {
    use crate::schema::posts::dsl::*;
    let _post = posts.find(id).first::<Post>(conn)?;
    diesel::update(posts.find(id)).set(likes.eq(n + 1)).execute(conn)
}

// Not a database: an atomic's `load` and a local struct.
pub fn local(c: &std::sync::atomic::AtomicU64, mut s: Stats) -> u64 {
    s.n += 1;
    c.load(std::sync::atomic::Ordering::SeqCst) + s.n
}

// Records filtered out of a list, then one field overwritten: no field computed from its old
// value.
pub async fn rotate_keys(db: &Db, user_id: i64, key: String) -> anyhow::Result<()> {
    let mut memberships = Membership::find_by_user(user_id, db).await?;
    memberships.retain(|m| m.reset_key.is_some());
    for m in memberships.iter_mut() {
        m.reset_key = Some(key.clone());
        m.save(db).await?;
    }
    Ok(())
}
