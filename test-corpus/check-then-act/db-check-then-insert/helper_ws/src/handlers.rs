// db-check-then-insert through helpers of `models.rs`: the check is a call whose columns only
// the helper's body shows. Where a unique constraint covers them the finding is a note.

use diesel::prelude::*;

use crate::models::{ApubActor, Community, Tag, User};
use crate::schema::users;

// The diesel inserts of `users` are in the handlers, the SeaORM and active-record ones in
// the helpers (`Type::create`).

// `users.handle` is UNIQUE: the second sign-up's insert fails (note)
pub fn sign_up(conn: &mut PgConnection, form: &UserForm) -> QueryResult<()> {
    let dupe = User::read_from_handle(conn, &form.handle)?;
    if dupe.is_some() {
        return Ok(());
    }
    diesel::insert_into(users::table)
        .values(form)
        .execute(conn)?; //~ db-check-then-insert
    Ok(())
}

// `users.email` has no unique constraint: two rows with one email (warning)
pub fn invite(conn: &mut PgConnection, form: &UserForm) -> QueryResult<()> {
    let dupe = User::read_from_email(conn, &form.email)?;
    if dupe.is_none() {
        diesel::insert_into(users::table)
            .values(form)
            .execute(conn)?; //~ db-check-then-insert
    }
    Ok(())
}

// the helper compares `lower(nick)`; UNIQUE (nick) does not reject `Ann` next to `ann`
// (warning)
pub fn rename(conn: &mut PgConnection, form: &UserForm) -> QueryResult<()> {
    let dupe = User::read_from_nick(conn, &form.nick)?;
    if dupe.is_none() {
        diesel::insert_into(users::table)
            .values(form)
            .execute(conn)?; //~ db-check-then-insert
    }
    Ok(())
}

// lemmy's shape: a trait method of another file; the unique index on `lower(actor_id)`
// follows the column renamed to `ap_id` by the second migration (note)
pub async fn create_community(pool: &mut DbPool, form: &CommunityForm) -> QueryResult<()> {
    let ap_id = generate_actor_url(&form.name);
    let community_dupe = Community::read_from_apub_id(pool, &ap_id).await?;
    if community_dupe.is_some() {
        return Err(AlreadyExists);
    }
    Community::create(pool, form).await?; //~ db-check-then-insert
    Ok(())
}

// SeaORM helpers: by `slug` (UNIQUE: note), by `label` (warning)
pub async fn add_tag(db: &DatabaseConnection, slug: &str) -> Result<(), DbErr> {
    let found = Tag::lookup(db, slug).await?;
    if found.is_none() {
        Tag::create(db, slug).await?; //~ db-check-then-insert
    }
    Ok(())
}

pub async fn add_label(db: &DatabaseConnection, label: &str) -> Result<(), DbErr> {
    let found = Tag::lookup_label(db, label).await?;
    if found.is_none() {
        Tag::create(db, label).await?; //~ db-check-then-insert
    }
    Ok(())
}
