//! Unit tests of the store rules.

use crate::analysis::{analyze_file, finish};
use crate::model::Edition;
use crate::source::SourceFile;

const STORE_RULES: &[&str] = &[
    "store-get-then-save",
    "kv-get-then-set",
    "sql-read-then-write",
    "store-check-then-insert",
    "sql-check-then-write",
];

pub fn run(src: &str) -> Vec<(String, usize, String)> {
    let sf = SourceFile::new("t.rs", src.to_string());
    let fa = analyze_file(&sf, Edition::E2021).expect("parses");
    finish(vec![fa])
        .into_iter()
        .filter(|d| STORE_RULES.contains(&d.rule))
        .map(|d| {
            (
                d.rule.to_string(),
                sf.line_col(d.span.start).line,
                d.message.clone(),
            )
        })
        .collect()
}

fn rules(src: &str) -> Vec<(String, usize)> {
    run(src).into_iter().map(|(r, l, _)| (r, l)).collect()
}

#[test]
fn repo_get_then_save() {
    let src = r#"
async fn like(repo: &PostRepo, id: i64) -> Result<()> {
    let mut post = repo.get(id).await?;
    post.likes += 1;
    repo.save(&post).await?;
    Ok(())
}
"#;
    let d = run(src);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].0.as_str(), d[0].1), ("store-get-then-save", 5));
    assert!(
        d[0].2.contains("`post` is read by `repo.get(..)`"),
        "{}",
        d[0].2
    );
}

#[test]
fn repo_near_misses() {
    let src = r#"
use std::collections::HashMap;
async fn other_record(repo: &PostRepo, a: i64, b: i64) -> Result<()> {
    let src = repo.get(a).await?;
    let mut dst = repo.get(b).await?;
    dst.title = src.title.clone();
    repo.save(&dst).await?;
    Ok(())
}
fn local_map(m: &mut HashMap<u32, Post>) {
    let mut p = m.get(&1).cloned().unwrap();
    p.likes += 1;
    m.insert(1, p);
}
async fn versioned(repo: &PostRepo, id: i64) -> Result<()> {
    loop {
        let mut post = repo.get(id).await?;
        post.likes += 1;
        if repo.save(&post).await? { break; }
    }
    Ok(())
}
"#;
    assert_eq!(rules(src), vec![]);
}

#[test]
fn kv_get_then_set_with_incr_suggestion() {
    let src = r#"
use redis::AsyncCommands;
async fn hit(conn: &mut redis::aio::MultiplexedConnection, key: &str) -> redis::RedisResult<()> {
    let n: i64 = conn.get(key).await?;
    conn.set(key, n + 1).await?;
    let m: i64 = conn.get("a").await?;
    conn.set("b", m + 1).await?;
    Ok(())
}
"#;
    let d = rules(src);
    assert_eq!(d, vec![("kv-get-then-set".to_string(), 5)]);
}

#[test]
fn sql_read_then_write() {
    let src = r#"
async fn like(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    let likes: i64 = sqlx::query_scalar("SELECT likes FROM posts WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    sqlx::query("UPDATE posts SET likes = $1 WHERE id = $2")
        .bind(likes + 1)
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}
async fn atomic(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE posts SET likes = likes + 1 WHERE id = $1").bind(id).execute(pool).await?;
    Ok(())
}
async fn locked(pool: &PgPool, id: i64) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    let likes: i64 = sqlx::query_scalar("SELECT likes FROM posts WHERE id = $1 FOR UPDATE")
        .bind(id).fetch_one(&mut *tx).await?;
    sqlx::query("UPDATE posts SET likes = $1 WHERE id = $2").bind(likes + 1).bind(id).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
"#;
    let d = run(src);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!((d[0].0.as_str(), d[0].1), ("sql-read-then-write", 7));
}

#[test]
fn store_check_then_insert() {
    let src = r#"
async fn register(repo: &UserRepo, email: String) -> Result<()> {
    if repo.find_by_email(&email).await?.is_none() {
        repo.insert(&NewUser { email: email.clone() }).await?;
    }
    Ok(())
}
async fn register2(repo: &UserRepo, email: String) -> Result<()> {
    if repo.exists(&email).await? {
        return Err(Error::Taken);
    }
    repo.insert(&NewUser { email }).await?;
    Ok(())
}
async fn only_error(repo: &UserRepo, email: String) -> Result<()> {
    if repo.exists(&email).await? {
        return Err(Error::Taken);
    }
    Ok(())
}
"#;
    let d = rules(src);
    assert_eq!(
        d,
        vec![
            ("store-check-then-insert".to_string(), 4),
            ("store-check-then-insert".to_string(), 12)
        ]
    );
}

#[test]
fn sql_check_then_write() {
    let src = r#"
async fn withdraw(pool: &PgPool, id: i64, amount: i64) -> Result<()> {
    let balance: i64 = sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1")
        .bind(id).fetch_one(pool).await?;
    if balance >= amount {
        sqlx::query("UPDATE accounts SET balance = $1 WHERE id = $2")
            .bind(balance - amount).bind(id).execute(pool).await?;
    }
    Ok(())
}
async fn guarded(pool: &PgPool, id: i64, amount: i64) -> Result<()> {
    let r = sqlx::query("UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1")
        .bind(amount).bind(id).execute(pool).await?;
    if r.rows_affected() != 1 { return Err(Error::Insufficient); }
    Ok(())
}
"#;
    let d = rules(src);
    assert_eq!(d, vec![("sql-check-then-write".to_string(), 6)]);
}

#[test]
fn select_one_is_an_option_and_sqlite_transactions_serialize() {
    let src = r#"
use sqlx::sqlite::SqliteConnectOptions;
async fn upsert(conn: &mut SqliteConnection, key: i64, value: i64) -> anyhow::Result<()> {
    let mut tx = conn.begin().await?;
    let exists = sqlx::query("SELECT 1 FROM kv WHERE k = ?").bind(key).fetch_optional(&mut *tx).await?;
    if exists.is_some() {
        sqlx::query("UPDATE kv SET v = ? WHERE k = ?").bind(value).bind(key).execute(&mut *tx).await?;
    } else {
        sqlx::query("INSERT INTO kv(k, v) VALUES (?, ?)").bind(key).bind(value).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
"#;
    assert_eq!(rules(src), vec![]);
    // the same on Postgres without a transaction: a duplicate insert
    let src = r#"
async fn upsert(pool: &PgPool, key: i64, value: i64) -> anyhow::Result<()> {
    let exists = sqlx::query("SELECT 1 FROM kv WHERE k = $1").bind(key).fetch_optional(pool).await?;
    if exists.is_some() {
        sqlx::query("UPDATE kv SET v = $1 WHERE k = $2").bind(value).bind(key).execute(pool).await?;
    } else {
        sqlx::query("INSERT INTO kv(k, v) VALUES ($1, $2)").bind(key).bind(value).execute(pool).await?;
    }
    Ok(())
}
"#;
    assert_eq!(rules(src), vec![("store-check-then-insert".to_string(), 7)]);
}

#[test]
fn field_computed_from_another_field_is_an_overwrite() {
    let src = r#"
async fn end(db: &Db, id: &str, exit: i64) -> anyhow::Result<()> {
    let mut h = db.load(id).await?;
    h.exit = exit;
    h.duration = now() - h.timestamp;
    db.update(&h).await?;
    Ok(())
}
async fn credit(db: &Db, id: &str, amount: i64) -> anyhow::Result<()> {
    let mut acct = db.load(id).await?;
    acct.balance = acct.balance + amount;
    db.update(&acct).await?;
    Ok(())
}
"#;
    assert_eq!(rules(src), vec![("store-get-then-save".to_string(), 12)]);
}

#[test]
fn caches_are_not_stores_of_record() {
    let src = r#"
impl TokenCache {
    async fn token(&self, k: &str) -> String {
        if self.get(k).await.is_none() {
            let t = fetch(k).await;
            self.insert(k.to_string(), t.clone()).await;
            return t;
        }
        String::new()
    }
}
"#;
    assert_eq!(rules(src), vec![]);
}

/// The advice (`help:`) of each store finding.
fn advice(src: &str) -> Vec<String> {
    let sf = SourceFile::new("t.rs", src.to_string());
    let fa = analyze_file(&sf, Edition::E2021).expect("parses");
    finish(vec![fa])
        .into_iter()
        .filter(|d| STORE_RULES.contains(&d.rule))
        .filter_map(|d| d.advice().map(str::to_string))
        .collect()
}

#[test]
fn repo_advice_binds_the_key_and_names_no_garbled_column() {
    let src = r#"
async fn like(repo: &PostRepo, id: i64) -> Result<()> {
    let mut post = repo.get(id).await?;
    post.likes += 1;
    repo.save(&post).await?;
    Ok(())
}
async fn view(repo: &PostRepo, id: i64) -> Result<()> {
    let post = repo.get(id).await?;
    let post = Post {
        views: post.views + 1,
        ..post
    };
    repo.save(&post).await
}
"#;
    let a = advice(src);
    assert_eq!(a.len(), 2, "{a:?}");
    assert!(
        a[0].contains(
            "`UPDATE <table> SET likes = likes + $1 WHERE id = $2` (bind `1` as $1 and `id` as $2)"
        ),
        "{}",
        a[0]
    );
    for h in &a {
        assert!(!h.contains("WHERE id = id"), "{h}");
        assert!(!h.contains('}') || h.contains("{ .. }"), "{h}");
    }
}

#[test]
fn kv_increment_by_a_difference_keeps_the_operand_whole() {
    let src = r#"
async fn pay(con: &mut Conn, wallet: &str, a: i64, b: i64) -> Result<()> {
    let balance: i64 = con.get(wallet).await?;
    con.set(wallet, balance - (a + fee(b))).await?;
    Ok(())
}
"#;
    let sf = SourceFile::new("t.rs", src.to_string());
    let fa = analyze_file(&sf, Edition::E2021).expect("parses");
    let d: Vec<_> = finish(vec![fa])
        .into_iter()
        .filter(|d| d.rule == "kv-get-then-set")
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    let e = &d[0].suggestion.as_ref().expect("an edit").edits[0];
    assert_eq!(e.replacement, "con.incr(wallet, -(a + fee(b)))");
}

const DB_RULES: &[&str] = &[
    "db-check-then-insert",
    "db-check-then-update",
    "db-lost-update",
];

fn db_run(src: &str) -> Vec<(String, usize, String, Vec<String>)> {
    let sf = SourceFile::new("t.rs", src.to_string());
    let fa = analyze_file(&sf, Edition::E2021).expect("parses");
    finish(vec![fa])
        .into_iter()
        .filter(|d| DB_RULES.contains(&d.rule) || STORE_RULES.contains(&d.rule))
        .map(|d| {
            (
                d.rule.to_string(),
                sf.line_col(d.span.start).line,
                d.message.clone(),
                d.notes.clone(),
            )
        })
        .collect()
}

#[test]
fn db_lost_update_per_style() {
    let src = r#"
async fn deposit(db: &Db, id: i64, amount: i64) -> anyhow::Result<()> {
    let mut account = Account::find_by_id(id, db).await?;
    account.balance += amount;
    account.save(db).await?;
    Ok(())
}
fn like(conn: &mut PgConnection, id: i32) -> QueryResult<usize> {
    let post = posts.find(id).first::<Post>(conn)?;
    diesel::update(posts.find(id)).set(likes.eq(post.likes + 1)).execute(conn)
}
"#;
    let d = db_run(src);
    let got: Vec<(&str, usize)> = d.iter().map(|x| (x.0.as_str(), x.1)).collect();
    assert_eq!(
        got,
        vec![("db-lost-update", 5), ("db-lost-update", 10)],
        "{d:?}"
    );
    assert!(
        d[0].2.contains("`Account::find_by_id(id, db)`"),
        "{}",
        d[0].2
    );
}

#[test]
fn db_mutex_is_noted_not_silenced() {
    let src = r#"
impl Redeemer {
    async fn redeem(&self, code: &str) -> anyhow::Result<()> {
        let _g = self.lock.lock().await;
        let mut coupon = Coupon::find_by_code(code, &self.db).await?;
        if coupon.uses < coupon.max_uses {
            coupon.uses += 1;
            coupon.save(&self.db).await?;
        }
        Ok(())
    }
}
"#;
    let d = db_run(src);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "db-check-then-update");
    assert!(
        d[0].3
            .iter()
            .any(|n| n.contains("serialises this process only")),
        "{:?}",
        d[0].3
    );
}

#[test]
fn db_handler_is_named_as_the_second_actor() {
    let src = r#"
#[post("/join")]
async fn join(pool: web::Data<Pool>, team: i64, user: i64) -> HttpResponse {
    let mut conn = pool.get().unwrap();
    let found = members.filter(team_id.eq(team)).filter(user_id.eq(user)).first::<Member>(&mut conn).optional().unwrap();
    if found.is_none() {
        diesel::insert_into(members::table).values((team_id.eq(team), user_id.eq(user))).execute(&mut conn).unwrap();
    }
    HttpResponse::Ok().finish()
}
"#;
    let d = db_run(src);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].0, "db-check-then-insert");
    assert!(
        d[0].3.iter().any(|n| n.contains("request handler")),
        "{:?}",
        d[0].3
    );
}

#[test]
fn db_shapes_that_are_not_data_access() {
    // an atomic's load, a map's insert with a value named like a connection, a method on a
    // field receiver, dynamic SQL, an SQL string that does not parse: no finding, no panic
    let src = r#"
use std::sync::atomic::{AtomicU64, Ordering};
fn f(c: &AtomicU64, map: &mut HashMap<String, Conn>, k: String, conn: Conn, mut s: Stats) -> u64 {
    if map.get(&k).is_none() {
        map.insert(k, conn);
    }
    s.n += 1;
    c.load(Ordering::SeqCst) + s.n
}
async fn dynamic(pool: &PgPool, table: &str, id: i64) -> sqlx::Result<()> {
    let n: i64 = sqlx::query_scalar(&format!("SELECT n FROM {table} WHERE id = $1")).bind(id).fetch_one(pool).await?;
    sqlx::query(&format!("UPDATE {table} SET n = $1 WHERE id = $2")).bind(n + 1).bind(id).execute(pool).await?;
    let m: i64 = sqlx::query_scalar("SELEC n FROM t WHERE").fetch_one(pool).await?;
    sqlx::query("UPDATE t SET n = $1 WHERE id = (").bind(m + 1).execute(pool).await?;
    Ok(())
}
"#;
    assert_eq!(db_run(src), vec![]);
}

#[test]
fn db_safe_forms_are_quiet() {
    let src = r#"
fn locked(conn: &mut PgConnection, id: i32) -> QueryResult<()> {
    conn.transaction(|conn| {
        let post = posts.find(id).for_update().first::<Post>(conn)?;
        diesel::update(posts.find(id)).set(likes.eq(post.likes + 1)).execute(conn)?;
        Ok(())
    })
}
fn upsert(conn: &mut PgConnection, n: &str) -> QueryResult<usize> {
    let taken: bool = diesel::select(exists(users.filter(name.eq(n)))).get_result(conn)?;
    if taken {
        return Ok(0);
    }
    diesel::insert_into(users::table).values(name.eq(n)).on_conflict_do_nothing().execute(conn)
}
async fn sea_locked(db: &DatabaseTransaction, id: i32) -> Result<(), DbErr> {
    let post = post::Entity::find_by_id(id).lock_exclusive().one(db).await?.unwrap();
    let mut am: post::ActiveModel = post.clone().into();
    am.likes = Set(post.likes + 1);
    am.update(db).await?;
    Ok(())
}
"#;
    assert_eq!(db_run(src), vec![]);
}

/// The data summaries of one file at `path`.
fn summaries(path: &str, src: &str) -> Vec<crate::model::data::summary::DataSummary> {
    let sf = SourceFile::new(path, src.to_string());
    analyze_file(&sf, Edition::E2021)
        .expect("parses")
        .facts
        .data_summaries
}

#[test]
fn data_summaries_say_what_a_helper_reads_and_updates_from_which_parameter() {
    let src = r#"
pub async fn get(pool: &PgPool, id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1").bind(id).fetch_one(pool).await
}
pub async fn get_locked(tx: &mut PgConnection, id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT balance FROM accounts WHERE id = $1 FOR UPDATE").bind(id).fetch_one(tx).await
}
pub async fn set(pool: &PgPool, id: i64, balance: i64) -> sqlx::Result<()> {
    let b = balance.max(0);
    sqlx::query("UPDATE accounts SET balance = $1 WHERE id = $2").bind(b).bind(id).execute(pool).await?;
    Ok(())
}
pub async fn add(pool: &PgPool, id: i64, d: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE accounts SET balance = balance + $1 WHERE id = $2").bind(d).bind(id).execute(pool).await?;
    Ok(())
}
mod keys {
    pub async fn update(dk: Keys) -> QueryResult<Keys> {
        let mut c = conn().await?;
        c.transaction(|c| async move {
            diesel::update(device_keys::table.find(&dk.id)).set(&dk).get_result(c).await
        }).await
    }
}
"#;
    let s = summaries("app/src/storage/accounts.rs", src);
    type Row<'a> = (
        &'a str,
        &'a str,
        Option<(String, bool)>,
        Vec<(String, usize)>,
    );
    let got: Vec<Row> = s
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.module.as_str(),
                s.reads.clone(),
                s.updates.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "get",
                "storage::accounts",
                Some(("accounts".into(), false)),
                vec![]
            ),
            (
                "get_locked",
                "storage::accounts",
                Some(("accounts".into(), true)),
                vec![]
            ),
            // through `let b = balance.max(0)`: the third parameter
            (
                "set",
                "storage::accounts",
                None,
                vec![("accounts".into(), 2)]
            ),
            // `add` is computed by the database: no summary at all
            // inside the transaction closure, by the named function's parameter
            (
                "update",
                "storage::accounts::keys",
                None,
                vec![("device_keys".into(), 0)]
            ),
        ]
    );
}

#[test]
fn helper_calls_resolve_by_module_path_then_by_name() {
    use crate::model::data::summary::{HelperCall, SummaryIndex, file_module};
    assert_eq!(file_module("a/src/storage/keys.rs"), "storage::keys");
    assert_eq!(file_module("a/src/storage/mod.rs"), "storage");
    assert_eq!(file_module("src/lib.rs"), "");
    assert_eq!(file_module("tools/gen.rs"), "gen");
    let read = |t: &str| {
        format!(
            "pub async fn get(id: i64) -> sqlx::Result<i64> {{ sqlx::query_scalar(\"SELECT n FROM {t} WHERE id = $1\").bind(id).fetch_one(&POOL).await }}"
        )
    };
    let a = summaries("x/src/storage/device_keys.rs", &read("device_keys"));
    let b = summaries("x/src/storage/device.rs", &read("device"));
    let ix = SummaryIndex::build(a.iter().chain(&b));
    let call = |qual: &[&str], module: &str| HelperCall {
        qual: qual.iter().map(|s| s.to_string()).collect(),
        name: "get".into(),
        module: module.into(),
        self_ty: None,
    };
    let table = |c: &HelperCall| {
        ix.resolve_call(c)
            .and_then(|s| s.reads.clone())
            .map(|r| r.0)
    };
    assert_eq!(
        table(&call(&["device_keys"], "api")),
        Some("device_keys".into())
    );
    assert_eq!(
        table(&call(&["crate", "storage", "device"], "api")),
        Some("device".into())
    );
    // a bare call: the caller's own module, else ambiguous between the two `get`s
    assert_eq!(table(&call(&[], "storage::device")), Some("device".into()));
    assert_eq!(table(&call(&[], "api")), None);
    assert_eq!(table(&call(&["other"], "api")), None);
}
