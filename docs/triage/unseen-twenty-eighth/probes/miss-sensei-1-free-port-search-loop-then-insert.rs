// Probe (written from scratch) for a missed bug in L2-Technology/sensei.
// Fix commit: 6e0130f3 "fix concurrent port assignment" (parent cfd5b4f9).
//
// What goes wrong: `create_node` (the admin HTTP and gRPC "create node" requests) looks for a
// free listen port by walking the configured range and asking the database, through a helper
// that answers a bool (`port_in_use` = "a node row with this address and port exists"), then
// inserts the new node row with the first free port. Two create-node requests at once both find
// the same port free and both insert a node with it; the second node cannot bind its port. There
// is no unique index on (listen_addr, listen_port). The fix hands ports out from an in-memory
// queue behind a mutex.
//
// racelint reports a check-then-insert when one lookup of the same key is tested and the insert
// follows (`contrast_one_lookup`, reported: db-check-then-insert). What is missing: a search
// loop whose condition is the "absent" answer of a lookup (here a bool helper wrapping an
// Option-returning find), and whose result (the port) becomes the key of the insert, is the
// same check-then-insert; the key is whatever the loop settled on.
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

pub mod agent {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "agent")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub host: String,
        pub port: i32,
    }
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

pub struct Registry { db: DatabaseConnection, min_port: i32, max_port: i32 }

impl Registry {
    pub async fn find_agent(&self, host: &str, port: i32) -> Result<Option<agent::Model>, DbErr> {
        agent::Entity::find()
            .filter(agent::Column::Host.eq(host))
            .filter(agent::Column::Port.eq(port))
            .one(&self.db)
            .await
    }

    pub async fn port_taken(&self, host: &str, port: i32) -> Result<bool, DbErr> {
        self.find_agent(host, port).await.map(|a| a.is_some())
    }

    // Called by every create request; requests run concurrently.
    pub async fn register(&self, host: String) -> Result<agent::Model, DbErr> {
        let mut port = self.min_port;
        let mut taken = self.port_taken(&host, port).await?;
        while port <= self.max_port && taken {
            port += 1;
            taken = self.port_taken(&host, port).await?;
        }
        agent::ActiveModel { host: Set(host), port: Set(port), ..Default::default() }
            .insert(&self.db)
            .await
    }

    // Contrast: reported (db-check-then-insert).
    pub async fn contrast_one_lookup(&self, host: String, port: i32) -> Result<Option<agent::Model>, DbErr> {
        let existing = agent::Entity::find()
            .filter(agent::Column::Host.eq(host.clone()))
            .filter(agent::Column::Port.eq(port))
            .one(&self.db)
            .await?;
        if existing.is_some() {
            return Ok(None);
        }
        let m = agent::ActiveModel { host: Set(host), port: Set(port), ..Default::default() }
            .insert(&self.db)
            .await?;
        Ok(Some(m))
    }
}
