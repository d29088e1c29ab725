// FP, dragonfly client HEAD ff17c0b7: dragonfly-client/src/dynconfig/local.rs:114
// (`Local::generate_default`). Written from scratch. At daemon start-up, after the storage has
// been opened (which takes an exclusive lock on the data directory, so a second daemon with
// the same configuration has already failed), the daemon writes a default configuration file
// if none exists. The only other writer of that file is the operator; no thread or process of
// the program races the check (the refresh loop, which only reads the file, is spawned after
// it). Both racers would also write the same bytes (the serialised default). racelint-s21a
// reports it (fs-toctou, warning); it is silent when the content is a literal, but not when
// it is the rendering of `Default::default()`.
use std::path::PathBuf;
use tokio::fs;

#[derive(Default, Debug)]
pub struct Cfg {
    pub schedulers: Vec<String>,
}

fn render(c: &Cfg) -> String {
    format!("{c:?}")
}

pub struct Local {
    path: PathBuf,
}

impl Local {
    pub async fn generate_default(&self) -> std::io::Result<()> {
        if fs::try_exists(&self.path).await? {
            println!("{} exists, skipping", self.path.display());
            return Ok(());
        }
        let content = render(&Cfg::default());
        fs::write(&self.path, content).await.inspect_err(|e| eprintln!("{e}"))?;
        Ok(())
    }
}

pub async fn start(data_dir: PathBuf, cfg: PathBuf) -> std::io::Result<()> {
    let lock = std::fs::OpenOptions::new().create(true).write(true).open(data_dir.join("LOCK"))?;
    // (an exclusive advisory lock on `lock` is taken here by the storage engine)
    let local = Local { path: cfg };
    local.generate_default().await?;
    // only after that is the refresh loop started
    tokio::spawn(async move {
        loop {
            let _ = fs::read(&local.path).await;
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        }
    });
    drop(lock);
    Ok(())
}
