// MISS probe (sql read, value derived in Rust, written to ANOTHER table): docs.rs
// crate_details::update_latest_version_id (SELECT releases -> latest_release -> UPDATE crates SET
// latest_version_id). Builders on several servers + the index watcher run it concurrently for one
// crate; a stale computation can be written last. Neither the cross-function nor the inline form is reported.
pub struct Release { pub id: i32, pub version: String }

fn latest_release(r: &[Release]) -> Option<&Release> { r.first() }

async fn releases_for_crate(conn: &mut sqlx::PgConnection, crate_id: i32) -> anyhow::Result<Vec<Release>> {
    let rows = sqlx::query!("SELECT releases.id, releases.version FROM releases WHERE releases.crate_id = $1", crate_id)
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().map(|r| Release { id: r.id, version: r.version }).collect())
}

pub async fn update_latest_cross_fn(conn: &mut sqlx::PgConnection, crate_id: i32) -> anyhow::Result<()> {
    let releases = releases_for_crate(conn, crate_id).await?;
    sqlx::query!(
        "UPDATE crates SET latest_version_id = $2 WHERE id = $1",
        crate_id,
        latest_release(&releases).map(|release| release.id),
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn update_latest_inline(conn: &mut sqlx::PgConnection, crate_id: i32) -> anyhow::Result<()> {
    let releases: Vec<i32> = sqlx::query_scalar!("SELECT id FROM releases WHERE crate_id = $1", crate_id)
        .fetch_all(&mut *conn)
        .await?;
    sqlx::query!(
        "UPDATE crates SET latest_version_id = $2 WHERE id = $1",
        crate_id,
        releases.iter().max().copied(),
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
