// Positive cases of `db-check-then-insert` in the active-record style: an associated
// `Type::find_by_*(.., conn)` finds no record, then `Type::create(.., conn)` or
// `new_record.insert(conn)` adds one.

use actix_web::{post, web, HttpResponse};

pub struct Invite;
pub struct NewMember {
    pub team_id: i64,
    pub user_id: i64,
}

#[post("/teams/{team}/join")]
pub async fn join_team(
    pool: web::Data<DbPool>,
    path: web::Path<(i64, i64)>,
) -> actix_web::Result<HttpResponse> {
    let (team_id, user_id) = path.into_inner();
    let mut conn = pool.acquire().await?;
    if Member::find_by_team_and_user(team_id, user_id, &mut conn)
        .await?
        .is_some()
    {
        return Ok(HttpResponse::Conflict().finish());
    }
    NewMember { team_id, user_id }.insert(&mut conn).await?; //~ db-check-then-insert
    Ok(HttpResponse::Created().finish())
}

// A service with the check in a `let` and the insert an associated `create`.
pub async fn accept_invite(db: &Db, code: &str, user_id: i64) -> anyhow::Result<()> {
    let already = Membership::exists_for_code(code, user_id, db).await?;
    if !already {
        Membership::create(code, user_id, db).await?; //~ db-check-then-insert
    }
    Ok(())
}
