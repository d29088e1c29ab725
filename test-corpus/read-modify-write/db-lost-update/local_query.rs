// `db-lost-update` with the diesel queries built into locals: the read by `q.first(conn)`,
// the write through `update(target)`.
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
    let q = posts::table.filter(posts::slug.eq(slug));
    let post: Post = q.first(conn)?;
    let target = posts::table.filter(posts::id.eq(post.id));
    diesel::update(target)
        .set(posts::likes.eq(post.likes + 1))
        .execute(conn)?; //~ db-lost-update
    Ok(())
}
