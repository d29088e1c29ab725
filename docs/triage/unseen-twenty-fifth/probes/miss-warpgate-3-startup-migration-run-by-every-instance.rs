// Probe (written from scratch) for a missed bug in warp-tech/warpgate.
// Fix commit: 62cc6e4c "lock DB when running migrations (#2260)" (parent 753e8fce).
//
// What goes wrong: every warpgate process runs `migrate_database` at start-up, which calls
// sea-orm's `Migrator::up(connection, None)`: read the versions recorded in
// `seaql_migrations`, then apply each missing migration and record it. With Postgres or MySQL,
// several warpgate instances (a high-availability deployment, a rolling restart, an
// orchestrator starting replicas together) share one database, so two instances can both read
// "m00044 not applied" and both apply it: the loser fails on the DDL or on the version row and
// does not start, and a data migration that is not idempotent runs twice. The fix wraps the
// migrator in a Postgres transaction-scoped advisory lock (MySQL: `GET_LOCK`).
//
// racelint is silent on `migrate_database`: the check ("which versions are applied") and the
// act ("apply, record the version") are inside the library call `Migrator::up`. The same
// check-then-insert written out in the program is reported (`contrast_inline_migrator`,
// reported: db-check-then-insert), although it too runs once, from `main`.
// Missing facts: (1) `MigratorTrait::up` (and `sqlx::migrate!().run`, refinery, diesel's
// `run_pending_migrations`) is a check-then-act on the shared schema; (2) start-up code that
// writes a shared external database (a server URL, not a local file) runs once per
// *instance*, and other instances of the same program are its second actors, as for the
// settings file of miss-rustup-1 (twenty-fourth session).
//
// (Side note for the reader: racelint's advisory-lock fact (src/model/data/facts.rs) is a
// text scan of the whole file, comments included. Writing the Postgres function name of the
// fix in this comment, with its underscores, silences every database check-then-act in the
// file, the contrast too.)
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use sea_orm_migration::MigratorTrait;

use crate::entities::seaql_migrations;
use crate::migrations::Migrator;

async fn migrate_database(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    Migrator::up(db, None).await
}

async fn apply_step(_db: &DatabaseConnection, _version: &str) -> Result<(), sea_orm::DbErr> {
    Ok(())
}

// Contrast: reported (db-check-then-insert).
pub async fn contrast_inline_migrator(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    for version in ["m00043_unique_usernames", "m00044_ticket_requests"] {
        let applied = seaql_migrations::Entity::find_by_id(version.to_string())
            .one(db)
            .await?
            .is_some();
        if !applied {
            apply_step(db, version).await?;
            seaql_migrations::ActiveModel {
                version: Set(version.to_string()),
                applied_at: Set(0),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

// Each instance of the server runs this at start-up against the same Postgres database.
#[tokio::main]
async fn main() -> Result<(), sea_orm::DbErr> {
    let db = sea_orm::Database::connect("postgres://warpgate@db/warpgate").await?;
    migrate_database(&db).await?;
    contrast_inline_migrator(&db).await?;
    Ok(())
}
