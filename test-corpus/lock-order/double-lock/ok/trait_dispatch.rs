// Calls through a trait whose implementations lock nothing the caller holds, or another
// object of the type, or a library trait's method: no double lock.
use std::io::Write;
use std::sync::Mutex;

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());
static OTHER: Mutex<u32> = Mutex::new(0);

pub trait Listener: Send + Sync {
    fn on_event(&self, bus: &Bus);
}

pub struct Bus {
    state: Mutex<Vec<u32>>,
}

impl Bus {
    pub fn count(&self) -> usize {
        self.state.lock().unwrap().len()
    }
}

pub struct Counter;
impl Listener for Counter {
    fn on_event(&self, bus: &Bus) {
        let _ = bus.count();
    }
}

pub struct Tally;
impl Listener for Tally {
    fn on_event(&self, _bus: &Bus) {
        *OTHER.lock().unwrap() += 1;
    }
}

// the listener gets another bus than the one whose lock is held
pub fn forward(held: &Bus, other: &Bus, l: &dyn Listener) {
    let _g = held.state.lock().unwrap();
    l.on_event(other);
}

// no implementation locks LOG
pub fn logged(bus: &Bus, l: &dyn Listener) {
    let _g = LOG.lock().unwrap();
    l.on_event(bus);
}

// the guard is released before the call
pub fn released(bus: &Bus, l: &dyn Listener) {
    let g = OTHER.lock().unwrap();
    drop(g);
    l.on_event(bus);
}

// a library trait: `Write::flush` of the workspace's impl is not what a `dyn Write` runs
pub struct Tee;
impl Write for Tee {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        LOG.lock().unwrap().push(String::from_utf8_lossy(b).into());
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn emit(out: &mut dyn Write) {
    let _g = LOG.lock().unwrap();
    let _ = out.write(b"x");
}

// a generic bounded by a trait whose implementations lock nothing held
pub fn generic<L: Listener>(bus: &Bus, l: &L) {
    let _g = LOG.lock().unwrap();
    l.on_event(bus);
}

// a field of a bounded type parameter, no implementation locking what is held
pub struct Worker<L> {
    listener: L,
}

impl<L: Listener> Worker<L> {
    pub fn tick(&self, bus: &Bus) {
        let _g = LOG.lock().unwrap();
        self.listener.on_event(bus);
    }
}
