// Probe (written from scratch) for a missed bug in firezone/firezone.
// Fix commit: d6d9d6dd "fix(client): serialise access to the netlink socket (#14704)"
// (parent 7b4f7c53).
//
// What goes wrong: the Linux TUN device manager keeps one `rtnetlink::Handle`; all its clones
// talk to the kernel over one netlink socket, and the kernel tracks one dump per socket and
// answers a second concurrent dump with EBUSY. `set_ips` dumps the interface's addresses to
// delete the old ones, and a background task (spawned in `new` with a clone of the handle)
// re-syncs link-scope routes with a route dump whenever netlink reports a change, after a
// debounce. Creating the TUN device emits exactly such events, so the worker's dump regularly
// coincides with `set_ips`' dump: the address clean-up fails with EBUSY and the client aborts
// the session before the tunnel is up. The fix lends the handle to one caller at a time.
//
// What is missing: a resource that admits one operation at a time (one netlink socket, one
// dump) used through cheap clones by two concurrent actors, with no lock. racelint has no fact
// for "this handle's operations must not overlap". The nearest reported shape is the same
// exclusion written by hand with a busy flag loaded, tested and then stored
// (`contrast_busy_flag`, reported: atomic-check-then-act).
use futures::TryStreamExt;
use rtnetlink::Handle;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

pub struct TunDeviceManager {
    handle: Handle,
    sync_task: tokio::task::JoinHandle<()>,
    dumping: AtomicBool,
}

async fn sync_link_scope_routes(handle: &Handle) -> Result<(), rtnetlink::Error> {
    let mut routes = handle.route().get(rtnetlink::IpVersion::V4).execute();
    while let Some(_route) = routes.try_next().await? {}
    Ok(())
}

impl TunDeviceManager {
    pub fn new(handle: Handle) -> Self {
        let sync_task = tokio::spawn({
            let handle = handle.clone();
            async move {
                loop {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    let _ = sync_link_scope_routes(&handle).await;
                }
            }
        });
        Self { handle, sync_task, dumping: AtomicBool::new(false) }
    }

    pub async fn set_ips(&mut self, index: u32) -> Result<(), rtnetlink::Error> {
        let handle = &self.handle;
        let ips = handle.address().get().set_link_index_filter(index).execute();
        ips.try_for_each(|ip| handle.address().del(ip).execute()).await?;
        Ok(())
    }

    pub fn stop(&self) {
        self.sync_task.abort();
    }

    // Contrast: reported (atomic-check-then-act).
    pub fn contrast_busy_flag(&self) -> bool {
        if !self.dumping.load(Ordering::Acquire) {
            self.dumping.store(true, Ordering::Release);
            return true;
        }
        false
    }
}

pub fn spawn_dumper(m: Arc<TunDeviceManager>) {
    std::thread::spawn(move || m.contrast_busy_flag());
}
