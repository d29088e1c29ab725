// Calls through a trait object or a trait-bounded generic reach every implementation in the
// workspace (a may-call set): one implementation re-locks the lock the caller holds.
use std::sync::{Arc, Mutex, RwLock};

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

// (`Printer` locks `LOG` under `Bus.state` in `emit`, `flush` locks `Bus.state` through
// `Counter` under `LOG`: not a lock-order inversion to racelint, whose lock named by its type
// may be another object's where a call goes through a trait; only statics count there.)
pub trait Listener: Send + Sync {
    fn on_event(&self, bus: &Bus);
}

pub struct Bus {
    state: Mutex<Vec<u32>>,
    listeners: Vec<Box<dyn Listener>>,
}

impl Bus {
    pub fn count(&self) -> usize {
        self.state.lock().unwrap().len()
    }

    // a method: the boxed listeners iterated under the bus's own lock
    pub fn emit(&self) {
        let g = self.state.lock().unwrap();
        for l in &self.listeners {
            l.on_event(self); //~ double-lock
        }
        drop(g);
    }
}

pub struct Counter;
impl Listener for Counter {
    fn on_event(&self, bus: &Bus) {
        let _ = bus.count();
    }
}

pub struct Printer;
impl Listener for Printer {
    fn on_event(&self, _bus: &Bus) {
        LOG.lock().unwrap().push("event".into());
    }
}

// a free function: a `&dyn` parameter called while a static is locked
pub fn flush(bus: &Bus, l: &dyn Listener) {
    let _g = LOG.lock().unwrap();
    l.on_event(bus); //~ double-lock
}

// a generic bounded inline
pub fn flush_generic<L: Listener>(bus: &Bus, l: &L) {
    let _g = LOG.lock().unwrap();
    l.on_event(bus); //~ double-lock
}

// bounded in a `where` clause, the value behind an `Arc`
pub fn flush_where<L>(bus: &Bus, l: Arc<L>)
where
    L: Listener + 'static,
{
    let _g = LOG.lock().unwrap();
    l.on_event(bus); //~ double-lock
}

// `impl Trait` in argument position, called from a closure run in place
pub fn flush_impl(bus: &Bus, l: impl Listener) {
    let _g = LOG.lock().unwrap();
    (0..2).for_each(|_| l.on_event(bus)); //~ double-lock
}

// a trait with a default method that locks through the object passed in
pub trait Hook {
    fn fire(&self, reg: &Registry) {
        reg.names.write().unwrap().push("fired".into());
    }
}

pub struct Registry {
    names: RwLock<Vec<String>>,
    hooks: Vec<Arc<dyn Hook + Send + Sync>>,
}

pub struct Audit;
impl Hook for Audit {}

impl Registry {
    pub fn notify(&self) {
        let names = self.names.read().unwrap();
        if !names.is_empty() {
            for h in &self.hooks {
                h.fire(self); //~ double-lock
            }
        }
    }
}

// a field whose type is a parameter bounded on the impl
pub struct Worker<L> {
    listener: L,
}

impl<L: Listener> Worker<L> {
    pub fn tick(&self, bus: &Bus) {
        let _g = LOG.lock().unwrap();
        self.listener.on_event(bus); //~ double-lock
    }
}
