// Probe (written from scratch) for a missed bug in eclipse-zenoh/zenoh.
// Fix commit: 1e7edc6a "fix race condition that could lead to having more links per transport
// than allowed by config (#2471)" (parent 9f8dff16).
//
// What goes wrong: `TransportUnicastUniversal::add_link` counts the transport's inbound links
// under `zread!(self.links)` and refuses the link when the count reached the configured
// `max_links`; the guard is dropped, the sequence numbers are synchronised (an `.await`), and
// the link is appended under a later `zwrite!(self.links)`. Two links of the same peer
// accepted at once (one task per accepted connection) both count `max - 1` and both are
// added: the transport ends with more links than the configuration allows. The fix takes the
// write guard first and checks and pushes under it.
//
// What is missing, two facts: (1) guards taken through the crate's lock macros (`zread!`,
// `zwrite!`; see miss-zenoh-1) are invisible; (2) rwlock-check-then-write knows the check as
// the condition of an `if` whose body writes, not as a guard clause (`if full { return Err }`)
// followed, after an `.await`, by the write: with the calls written out, `add_link`'s shape
// is still silent. Expected: rwlock-check-then-write at the check in `add_link` (line 42),
// the write at line 52. The `if` form with direct calls is reported
// (`contrast_if_form`, reported: rwlock-check-then-write).
use std::sync::{Arc, RwLock};

macro_rules! zread {
    ($var:expr) => {
        $var.read().unwrap()
    };
}
macro_rules! zwrite {
    ($var:expr) => {
        $var.write().unwrap()
    };
}

pub struct Transport {
    links: RwLock<Vec<u64>>,
    max_links: usize,
}

impl Transport {
    pub async fn add_link(&self, link: u64) -> Result<(), String> {
        {
            let guard = zread!(self.links);
            if guard.len() >= self.max_links {
                return Err("max links reached".into());
            }
        }

        sync_sequence_numbers().await;

        let mut guard = zwrite!(self.links);
        let mut links = Vec::with_capacity(guard.len() + 1);
        links.extend_from_slice(&guard);
        links.push(link);
        *guard = links;
        Ok(())
    }

    // Contrast: reported (rwlock-check-then-write).
    pub fn contrast_if_form(&self, link: u64) -> bool {
        if self.links.read().unwrap().len() < self.max_links {
            self.links.write().unwrap().push(link);
            return true;
        }
        false
    }
}

// The second actor: one task per accepted connection of the same peer.
pub fn accept_links(transport: Arc<Transport>, incoming: Vec<u64>) {
    for link in incoming {
        let transport = transport.clone();
        tokio::spawn(async move {
            let _ = transport.add_link(link).await;
            transport.contrast_if_form(link);
        });
    }
}

async fn sync_sequence_numbers() {}
