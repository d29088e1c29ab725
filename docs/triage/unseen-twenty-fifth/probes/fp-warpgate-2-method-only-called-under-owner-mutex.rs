// FP reproduction (written from scratch) for warp-tech/warpgate at c4b19cbb,
// warpgate-core/src/recordings/mod.rs:253 (db-check-then-insert, note severity).
//
// `SessionRecordings::start` looks up a recording row by (session, name, kind) and inserts it
// when missing. The only way to reach a `SessionRecordings` is `services.recordings`, an
// `Arc<tokio::sync::Mutex<SessionRecordings>>`, and every caller (SSH, web SSH, Kubernetes,
// desktop) runs `services.recordings.lock().await.start(..)`. Two starts never overlap; the
// names are also fresh (a uuid, or a process-wide counter).
//
// racelint reports db-check-then-insert ("another request can pass the same check"). Missing
// fact: a type whose every instance lives behind one `Mutex` (the only field or binding of that
// type is `Arc<Mutex<T>>`, and every call goes through its guard) has its `&self` methods
// serialised by the caller's lock, like `&mut self` methods.
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use std::sync::Arc;
use tokio::sync::Mutex;
use uuid::Uuid;

use crate::entities::Recording;

pub struct SessionRecordings { db: DatabaseConnection }

impl SessionRecordings {
    pub async fn start(&self, session_id: Uuid, name: String) -> Result<Recording::Model, sea_orm::DbErr> {
        let existing = Recording::Entity::find()
            .filter(Recording::Column::SessionId.eq(session_id))
            .filter(Recording::Column::Name.eq(name.clone()))
            .one(&self.db)
            .await?;
        if let Some(e) = existing {
            return Ok(e);
        }
        Recording::ActiveModel {
            id: Set(Uuid::new_v4()),
            session_id: Set(session_id),
            name: Set(name),
            ..Default::default()
        }
        .insert(&self.db)
        .await
    }
}

pub struct Services { pub recordings: Arc<Mutex<SessionRecordings>> }

pub async fn start_recording(services: &Services, session_id: Uuid) {
    let _ = services
        .recordings
        .lock()
        .await
        .start(session_id, Uuid::new_v4().to_string())
        .await;
}

// Every SSH session task starts its recordings through the shared services.
pub fn serve(services: Arc<Services>) {
    for _ in 0..4 {
        let s = services.clone();
        tokio::spawn(async move { start_recording(&s, Uuid::new_v4()).await });
    }
}
