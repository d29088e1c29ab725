// Positive cases of `db-check-then-insert` with diesel (sync and diesel-async): a query finds
// no row, then a row with the same key is inserted by a separate statement.

use axum::extract::State;
use axum::Json;
use diesel::dsl::exists;
use diesel::prelude::*;

use crate::schema::users;
use crate::schema::users::dsl::*;

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

// An axum handler: `select(exists(..))` then `insert_into` — two sign-ups with one name.
pub async fn register(
    State(pool): State<Pool>,
    Json(form): Json<SignUp>,
) -> Result<Json<u64>, AppError> {
    let mut conn = pool.get()?;
    let taken: bool = diesel::select(exists(users.filter(name.eq(&form.name))))
        .get_result(&mut conn)?;
    if taken {
        return Err(AppError::Conflict);
    }
    diesel::insert_into(users::table)
        .values(&NewUser { name: &form.name, email: &form.email })
        .execute(&mut conn)?; //~ db-check-then-insert
    Ok(Json(1))
}

// A repository helper: `.first(conn).optional()` then an insert in the `None` branch.
pub fn ensure_user(conn: &mut PgConnection, user_email: &str) -> QueryResult<()> {
    let existing = users::table
        .filter(users::email.eq(user_email))
        .first::<User>(conn)
        .optional()?;
    if existing.is_none() {
        diesel::insert_into(users::table)
            .values(users::email.eq(user_email))
            .execute(conn)?; //~ db-check-then-insert
    }
    Ok(())
}

// diesel-async: `count()` then insert when zero.
pub async fn follow(conn: &mut AsyncPgConnection, me: i64, them: i64) -> QueryResult<()> {
    use crate::schema::follows;
    let n: i64 = follows::table
        .filter(follows::follower.eq(me))
        .filter(follows::followee.eq(them))
        .count()
        .get_result(conn)
        .await?;
    if n == 0 {
        diesel::insert_into(follows::table)
            .values((follows::follower.eq(me), follows::followee.eq(them)))
            .execute(conn) //~ db-check-then-insert
            .await?;
    }
    Ok(())
}

// A match on the lookup.
pub fn claim_slug(conn: &mut PgConnection, s: &str, owner: i64) -> QueryResult<bool> {
    use crate::schema::slugs;
    match slugs::table.find(s).first::<Slug>(conn).optional()? {
        Some(_) => Ok(false),
        None => {
            diesel::insert_into(slugs::table)
                .values((slugs::slug.eq(s), slugs::owner.eq(owner)))
                .execute(conn)?; //~ db-check-then-insert
            Ok(true)
        }
    }
}

// A repository struct on diesel-async: the lookup and the insert through `self.pool`.
pub struct TagRepo {
    pool: Pool,
}

impl TagRepo {
    pub async fn add(&self, post: i64, label: &str) -> QueryResult<()> {
        use crate::schema::tags;
        let mut conn = self.pool.get().await?;
        let found: Option<Tag> = tags::table
            .filter(tags::post_id.eq(post))
            .filter(tags::label.eq(label))
            .first(&mut conn)
            .await
            .optional()?;
        if found.is_none() {
            diesel::insert_into(tags::table)
                .values((tags::post_id.eq(post), tags::label.eq(label)))
                .execute(&mut conn) //~ db-check-then-insert
                .await?;
        }
        Ok(())
    }
}

// actix-web with the blocking diesel work in `web::block`: check and insert in the closure.
pub async fn subscribe(pool: web::Data<DbPool>, form: web::Json<Subscribe>) -> HttpResponse {
    let res = web::block(move || {
        use crate::schema::subscriptions::dsl::*;
        let mut conn = pool.get().expect("pool");
        let found = subscriptions
            .filter(email.eq(&form.email))
            .first::<Subscription>(&mut conn)
            .optional()?;
        if found.is_none() {
            diesel::insert_into(subscriptions)
                .values(email.eq(&form.email))
                .execute(&mut conn)?; //~ db-check-then-insert
        }
        Ok::<_, diesel::result::Error>(())
    })
    .await;
    match res {
        Ok(_) => HttpResponse::Ok().finish(),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}
