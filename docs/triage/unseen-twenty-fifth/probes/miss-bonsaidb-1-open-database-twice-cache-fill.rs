// Probe (written from scratch) for a missed bug in khonsulabs/bonsaidb.
// Fix commit: 9384a996 "Preventing race opening the same database twice." (parent c3326fac).
//
// What goes wrong: `open_database_without_schema` looks the database up under a read guard of
// `open_databases` (a tokio RwLock<HashMap>) and returns it on a hit. On a miss it takes the
// write guard, opens the database from disk (`schema.open(name).await`) and inserts it, with
// no second look. Two connections that ask for the same database at once both miss; the
// second waits for the write guard, opens the database again and replaces the first handle.
// Two live instances of one on-disk database now exist (each with its own transaction state,
// caches and key-value background worker), and the first caller keeps using the one that is
// no longer registered. The fix re-checks the map under the write guard.
//
// racelint treats `if let Some(v) = map.read().get(k) { return v } ... insert(k, new)` as a
// cache fill (ok/cache_fill_value.rs): both racers would store an interchangeable value. It
// reports the same shape when the miss creates something that is not interchangeable, such as
// a channel pair whose other end the caller keeps (`contrast_channel`, reported:
// map-check-then-insert).
// Missing fact: a value produced by opening a stateful resource (an `open`/`connect`/`spawn`
// that returns a handle with its own state, here `Schema::open`) is not interchangeable either;
// a second open of the same key is a second live instance, so the cache-fill exemption does
// not apply.
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{broadcast, RwLock};

pub struct Database { name: String }

pub struct Schema;
impl Schema {
    // Opens the database files, loads the tree roots and starts its background worker.
    pub async fn open(&self, name: &str) -> Result<Arc<Database>, String> {
        Ok(Arc::new(Database { name: name.to_string() }))
    }
}

pub struct Data {
    open_databases: RwLock<HashMap<String, Arc<Database>>>,
    channels: RwLock<HashMap<String, broadcast::Sender<String>>>,
    schema: Schema,
}

pub struct Server { data: Arc<Data> }

impl Server {
    pub async fn open_database(&self, name: &str) -> Result<Arc<Database>, String> {
        {
            let open_databases = self.data.open_databases.read().await;
            if let Some(db) = open_databases.get(name) {
                return Ok(db.clone());
            }
        }
        let mut open_databases = self.data.open_databases.write().await;
        let db = self.data.schema.open(name).await?;
        open_databases.insert(name.to_string(), db.clone());
        Ok(db)
    }

    // Contrast: reported (map-check-then-insert).
    pub async fn contrast_channel(&self, name: &str) -> broadcast::Receiver<String> {
        if let Some(tx) = self.data.channels.read().await.get(name) {
            return tx.subscribe();
        }
        let (tx, rx) = broadcast::channel(16);
        self.data.channels.write().await.insert(name.to_string(), tx);
        rx
    }
}

// Every client connection is served by its own task.
pub fn serve(server: Arc<Server>) {
    for _ in 0..2 {
        let s = server.clone();
        tokio::spawn(async move {
            let _ = s.open_database("orders").await;
            let _ = s.contrast_channel("orders").await;
        });
    }
}
