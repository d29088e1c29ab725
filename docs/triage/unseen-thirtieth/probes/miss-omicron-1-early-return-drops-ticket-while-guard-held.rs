// Probe (written from scratch) for a missed bug in oxidecomputer/omicron.
// Fix commit: c5557ed2 "Fix another possible deadlock in OPTE port handling" (parent ef58a07d).
//
// What goes wrong: `PortManager::create_port` builds, inside one block, first the guard of
// the ports map (`let mut ports = self.inner.ports.lock().unwrap()`) and then a `PortTicket`
// whose `Drop` releases the port by locking the same `std::sync::Mutex`. The block ends with
// `self.inner.update_secondary_macs(&mut ports)?`. When that call fails, `?` returns from the
// function and the block's locals are dropped in reverse order of declaration: the ticket
// first, while the guard declared before it is still alive. `PortTicket::drop` locks the map
// the thread already holds: the sled agent hangs on the first failed port creation. The fix
// creates the ticket before taking the guard (so the guard is dropped first).
//
// What is missing: implicit drops are calls. A `?` (or `return`, or the end of a scope) drops
// every live local in reverse declaration order; a local whose type implements `Drop` with a
// lock of L, declared after a live guard of L, is a double-lock at that exit. Expected:
// double-lock at the `?` in `create_port` (line 64). The explicit call of the same release
// (`Inner::release_port`) under the guard is reported (`contrast_explicit_release`, reported: double-lock).
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub struct Inner {
    ports: Mutex<HashMap<u32, String>>,
}

impl Inner {
    fn release_port(&self, id: u32) {
        self.ports.lock().unwrap().remove(&id);
    }

    fn update_secondary_macs(&self, _ports: &mut HashMap<u32, String>) -> Result<(), String> {
        Err("dladm failed".into())
    }
}

pub struct Ticket {
    id: u32,
    manager: Option<Arc<Inner>>,
}

impl Ticket {
    pub fn release(&mut self) {
        if let Some(manager) = self.manager.take() {
            manager.release_port(self.id);
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.release();
    }
}

pub struct PortManager {
    inner: Arc<Inner>,
}

impl PortManager {
    pub fn create_port(&self, id: u32, name: String) -> Result<Ticket, String> {
        let ticket = {
            let mut ports = self.inner.ports.lock().unwrap();
            let ticket = Ticket { id, manager: Some(self.inner.clone()) };
            ports.insert(id, name);
            self.inner.update_secondary_macs(&mut ports)?;
            ticket
        };
        Ok(ticket)
    }

    // Contrast: reported (double-lock).
    pub fn contrast_explicit_release(&self, id: u32) {
        let ports = self.inner.ports.lock().unwrap();
        if ports.contains_key(&id) {
            self.inner.release_port(id);
        }
    }
}
