// diesel: the new value computed into a local from the row read, then set. The transaction
// does not lock the row: two likes in parallel read the same count and one is lost.
use diesel::prelude::*;

diesel::table! {
    posts (id) {
        id -> Integer,
        likes -> Integer,
    }
}

#[derive(Queryable)]
pub struct Post {
    pub id: i32,
    pub likes: i32,
}

pub fn like(conn: &mut PgConnection, id: i32) -> QueryResult<()> {
    conn.transaction(|tx| {
        let post = posts::table.find(id).first::<Post>(tx)?;
        let n = post.likes + 1;
        diesel::update(posts::table.find(id))
            .set(posts::likes.eq(n))
            .execute(tx)?; //~ db-lost-update
        Ok(())
    })
}
