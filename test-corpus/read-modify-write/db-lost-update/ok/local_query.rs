// The row read through a local query that locks it: the update cannot interleave.
use diesel::prelude::*;

mod schema {
    diesel::table! { posts (id) { id -> Int4, likes -> Int4, slug -> Text, } }
}
use schema::posts;

#[derive(Queryable)]
pub struct Post {
    id: i32,
    likes: i32,
    slug: String,
}

pub fn like(conn: &mut PgConnection, slug: &str) -> QueryResult<()> {
    conn.transaction(|conn| {
        let q = posts::table.filter(posts::slug.eq(slug)).for_update();
        let post: Post = q.first(conn)?;
        diesel::update(posts::table.find(post.id))
            .set(posts::likes.eq(post.likes + 1))
            .execute(conn)?;
        Ok(())
    })
}
