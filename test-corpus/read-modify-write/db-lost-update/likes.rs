// Positive cases of `db-lost-update`: a record read through an ORM or a record type,
// changed from its old value in application code and written back.

use actix_web::{post, web, HttpResponse};
use diesel::prelude::*;

// diesel: the new value computed from the record read (the edit computes it in SQL).
#[post("/posts/{id}/like")]
pub async fn like(pool: web::Data<DbPool>, id: web::Path<i32>) -> HttpResponse {
    use crate::schema::posts::dsl::*;
    let mut conn = pool.get().unwrap();
    let post = posts.find(*id).first::<Post>(&mut conn).unwrap();
    diesel::update(posts.find(*id))
        .set(likes.eq(post.likes + 1))
        .execute(&mut conn) //~ db-lost-update
        .unwrap();
    HttpResponse::Ok().finish()
}

// diesel: the whole record saved back with `save_changes`.
pub fn add_view(conn: &mut PgConnection, post_id: i32) -> QueryResult<()> {
    use crate::schema::posts;
    let mut post: Post = posts::table.find(post_id).first(conn)?;
    post.views += 1;
    post.save_changes::<Post>(conn)?; //~ db-lost-update
    Ok(())
}

// Active record: fetched by an associated function, saved by a method on the record.
pub async fn deposit(db: &Db, account_id: i64, amount: i64) -> anyhow::Result<()> {
    let mut account = Account::find_by_id(account_id, db).await?;
    account.balance += amount;
    account.save(db).await?; //~ db-lost-update
    Ok(())
}

// SeaORM: the model converted into an ActiveModel whose field is set from the old value.
pub async fn like_sea(db: &DatabaseConnection, id: i32) -> Result<(), DbErr> {
    let post = post::Entity::find_by_id(id).one(db).await?.unwrap();
    let mut am: post::ActiveModel = post.clone().into();
    am.likes = Set(post.likes + 1);
    am.update(db).await?; //~ db-lost-update
    Ok(())
}

// diesel-async in a transaction at the default isolation level: still lost.
pub async fn add_points(conn: &mut AsyncPgConnection, uid: i64, pts: i64) -> QueryResult<()> {
    use crate::schema::users::dsl::*;
    let user: User = users.find(uid).first(conn).await?;
    diesel::update(users.find(uid))
        .set(points.eq(user.points + pts))
        .execute(conn) //~ db-lost-update
        .await?;
    Ok(())
}

// A repository method on diesel-async with table-qualified columns: stock taken out.
pub struct StockRepo {
    pool: Pool,
}

impl StockRepo {
    pub async fn take(&self, item_id: i64, n: i32) -> QueryResult<()> {
        use crate::schema::stock;
        let mut conn = self.pool.get().await?;
        let item: Stock = stock::table.find(item_id).first(&mut conn).await?;
        diesel::update(stock::table.find(item_id))
            .set(stock::qty.eq(item.qty - n))
            .execute(&mut conn) //~ db-lost-update
            .await?;
        Ok(())
    }
}

// An associated `update` with a form struct (lemmy's `Crud` style): the score from the read.
pub async fn upvote(context: &Context, post_id: i32) -> anyhow::Result<()> {
    let post = Post::read(&mut context.pool(), post_id).await?;
    let form = Post::update( //~ db-lost-update
        &mut context.pool(),
        post_id,
        &PostUpdateForm {
            score: Some(post.score + 1),
            ..Default::default()
        },
    )
    .await?;
    drop(form);
    Ok(())
}

// diesel: `update(&record)` of an `Identifiable` record read earlier.
pub fn add_karma(conn: &mut PgConnection, user_id: i64, delta: i32) -> QueryResult<()> {
    use crate::schema::users::dsl::*;
    let user = users.find(user_id).first::<User>(conn)?;
    diesel::update(&user)
        .set(karma.eq(user.karma + delta))
        .execute(conn)?; //~ db-lost-update
    Ok(())
}
