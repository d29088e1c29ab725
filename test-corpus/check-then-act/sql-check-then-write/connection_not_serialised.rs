// Positive cases next to the single-writer near misses (`ok/single_writer_connection.rs`):
// the check and the act do not run on one connection behind a held guard.

use std::sync::{Arc, Mutex};

use sqlx::{Sqlite, SqlitePool, Transaction};

pub struct Asset {
    pub id: i64,
    pub url: String,
}

pub async fn insert_asset(conn: &mut Transaction<'_, Sqlite>, url: &str) -> Result<Asset, sqlx::Error> {
    if let Ok(x) = sqlx::query_as_unchecked!(Asset, "SELECT * FROM assets WHERE url = ?", url)
        .fetch_one(&mut **conn)
        .await
    {
        return Ok(x);
    }
    sqlx::query!("INSERT INTO assets (url) VALUES ($1)", url) //~ sql-check-then-write
        .execute(&mut **conn)
        .await?;
    sqlx::query_as_unchecked!(Asset, "SELECT * FROM assets WHERE url = ?", url)
        .fetch_one(&mut **conn)
        .await
}

// A transaction of a pool per call: two of them read "absent" and both insert.
pub async fn add_poster(pool: SqlitePool, url: String) -> Result<i64, sqlx::Error> {
    let mut tx = pool.begin().await?;
    let asset = insert_asset(&mut tx, &url).await?;
    tx.commit().await?;
    Ok(asset.id)
}

// A guard of application state that holds a pool: the transaction is begun on the pool,
// which the guard does not serialise for the other users of that pool.
pub struct State {
    pub pool: SqlitePool,
}

pub async fn add_logo(state: Arc<tokio::sync::Mutex<State>>, url: String) -> Result<i64, sqlx::Error> {
    let st = state.lock().await;
    let mut tx = st.pool.begin().await?;
    let asset = insert_asset(&mut tx, &url).await?;
    tx.commit().await?;
    Ok(asset.id)
}

pub fn scan(pool: SqlitePool, state: Arc<tokio::sync::Mutex<State>>, urls: Vec<String>) {
    for url in urls {
        let pool = pool.clone();
        let u = url.clone();
        tokio::spawn(async move { add_poster(pool, u).await });
        let state = state.clone();
        tokio::spawn(async move { add_logo(state, url).await });
    }
}

// rusqlite: the connection is locked once per statement; another thread's UPDATE runs
// between the SELECT and this one.
pub struct Seats {
    conn: Mutex<rusqlite::Connection>,
}

impl Seats {
    pub fn take(&self, flight: i64) -> rusqlite::Result<bool> {
        let left: i64 = self.conn.lock().unwrap().query_row(
            "SELECT seats_left FROM flights WHERE id = ?1",
            [flight],
            |r| r.get(0),
        )?;
        if left > 0 {
            self.conn.lock().unwrap().execute( //~ sql-check-then-write
                "UPDATE flights SET seats_left = ?1 WHERE id = ?2",
                rusqlite::params![left - 1, flight],
            )?;
            return Ok(true);
        }
        Ok(false)
    }
}
