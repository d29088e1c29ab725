// Probe (written from scratch) for a missed bug in graphprotocol/graph-node.
// Fix commit: 77d2043e7 "store: Avoid deadlocking on connection pool" (parent f914287e).
//
// What goes wrong: starting a subgraph takes a connection from the pool and, while holding
// it, calls a helper that takes a second connection from the same pool. When many subgraphs
// start at once, every pool slot is held by a starter waiting for its second connection: no
// one returns a connection and all starters hang (pool exhaustion deadlock; the pool's
// `get` waits or times out). The fix passes the held connection to the helper.
//
// What racelint would need: a pool checkout treated as acquiring one unit of a bounded
// resource; holding a checkout (the `conn` local is alive) while a callee checks out from the
// same pool is a hold-and-wait that many concurrent callers turn into a deadlock. Expected: a
// finding at `self.load_indexes(..)` (line 44), the second checkout being at line 33.
use deadpool_postgres::{Client, Pool};

pub struct Store {
    pool: Pool,
}

pub struct Indexes(pub Vec<String>);

impl Indexes {
    pub async fn recreate_invalid(&self, conn: &Client) -> Result<(), tokio_postgres::Error> {
        for ix in &self.0 {
            conn.execute(ix.as_str(), &[]).await?;
        }
        Ok(())
    }
}

impl Store {
    async fn load_indexes(&self, table: &str) -> Result<Indexes, Box<dyn std::error::Error>> {
        let conn = self.pool.get().await?;
        let rows = conn
            .query("select indexdef from pg_indexes where tablename = $1", &[&table])
            .await?;
        Ok(Indexes(rows.iter().map(|r| r.get(0)).collect()))
    }

    pub async fn start_subgraph(&self, table: &str) -> Result<(), Box<dyn std::error::Error>> {
        let conn = self.pool.get().await?;
        conn.execute("select 1", &[]).await?;
        // second checkout from the same pool while `conn` is held
        self.load_indexes(table).await?.recreate_invalid(&conn).await?;
        Ok(())
    }
}
