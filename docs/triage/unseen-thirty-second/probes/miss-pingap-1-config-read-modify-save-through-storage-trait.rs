// Probe (written from scratch) for a missed bug in vicanso/pingap.
// Fix commit: 6829191e "fix: serialize ConfigManager writes to prevent lost updates"
// (parent df397bdf).
//
// What goes wrong: the admin API (and the ACME renewal task) update one item of the proxy's
// configuration by loading the whole config from storage (a TOML file or etcd behind a
// `dyn Storage`), changing one entry and saving the whole document back. Two concurrent
// updates (two admin requests, or an admin request and a certificate renewal) both load the
// old document; the later save drops the earlier update. The fix serialises update, delete
// and save_all with a tokio Mutex.
//
// What racelint would need: store-get-then-save where the store is a trait object with
// `fetch(key)`/`save(key, value)` methods (not a known database client), the record is a
// whole document and the modification is a map insert on the parsed value; the second actor
// is the same async method reached from concurrent request handlers. Expected: a finding at
// `self.storage.save` (line 46) with the read at line 41.
use async_trait::async_trait;
use std::collections::BTreeMap;
use std::sync::Arc;

#[async_trait]
pub trait Storage: Send + Sync {
    async fn fetch(&self, key: &str) -> std::io::Result<String>;
    async fn save(&self, key: &str, value: &str) -> std::io::Result<()>;
}

pub struct ConfigManager {
    storage: Arc<dyn Storage>,
}

fn parse(s: &str) -> BTreeMap<String, String> {
    s.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn render(m: &BTreeMap<String, String>) -> String {
    m.iter().map(|(k, v)| format!("{k}={v}\n")).collect()
}

impl ConfigManager {
    pub async fn update(&self, name: &str, value: &str) -> std::io::Result<()> {
        let data = self.storage.fetch("config.toml").await?;
        let mut config = parse(&data);
        config.insert(name.to_string(), value.to_string());
        let out = render(&config);
        // another update saved in between is overwritten here
        self.storage.save("config.toml", &out).await
    }
}

pub async fn two_admins(manager: Arc<ConfigManager>) {
    let m2 = manager.clone();
    let a = tokio::spawn(async move { m2.update("upstream_a", "127.0.0.1:80").await });
    let _ = manager.update("upstream_b", "127.0.0.1:81").await;
    let _ = a.await;
}
