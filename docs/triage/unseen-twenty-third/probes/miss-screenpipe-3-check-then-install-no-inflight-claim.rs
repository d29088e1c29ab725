// Probe (written from scratch) for a missed bug in mediar-ai/screenpipe.
// Fix commit: 87ff94a2a "fix: prevent double update check, clean restart, enable GPU for
// whisper" (parent a35ede1f): "add is_checking AtomicBool guard to prevent concurrent
// check_for_updates".
//
// What races: `check_for_updates` asks the update server whether a newer version exists and,
// if so, downloads and installs it, then offers a restart. It is called by the boot task, by
// the periodic update loop (another spawned task) and by the tray menu. Two calls that overlap
// both see the update and both download and install it (two installs writing the same bundle,
// two restart dialogs).
//
// racelint should report at `update.download_and_install(..)` in `check_for_updates`: an
// external side effect decided by an external check, in a `&self` method of a shared manager
// reached from two spawned tasks, with no claim (no in-flight flag, no lock held across check
// and act). Missing fact: an in-flight claim around a non-idempotent external operation (the
// same family as the twenty-second session's "select then payout without a claim"). The rules
// cover shared memory, files and databases, not "check an external service, then act on it".
use std::sync::Arc;
use tokio::sync::Mutex;

pub struct Update { pub version: String }
impl Update {
    pub async fn download_and_install(&self) -> Result<(), String> { Ok(()) }
}
pub struct Updater;
impl Updater {
    pub async fn check(&self) -> Result<Option<Update>, String> { Ok(None) }
}

pub struct UpdatesManager { updater: Updater, update_installed: Mutex<bool> }

impl UpdatesManager {
    pub async fn check_for_updates(&self) -> Result<bool, String> {
        if let Some(update) = self.updater.check().await? {
            update.download_and_install().await?;
            *self.update_installed.lock().await = true;
            return Ok(true);
        }
        Ok(false)
    }
}

pub fn start(mgr: Arc<UpdatesManager>) {
    let boot = mgr.clone();
    tokio::spawn(async move {
        let _ = boot.check_for_updates().await;
    });
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            let _ = mgr.check_for_updates().await;
        }
    });
}
