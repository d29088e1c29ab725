use std::ptr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering, fence};

pub struct Config {
    pub port: u16,
}

// Release on the publishing side, Acquire on the loading side.
pub struct Slot {
    current: AtomicPtr<Config>,
    ready: AtomicUsize,
}

impl Slot {
    pub fn new(c: Config) -> Slot {
        Slot {
            current: AtomicPtr::new(Box::into_raw(Box::new(c))),
            ready: AtomicUsize::new(0),
        }
    }

    pub fn replace(&self, c: Config) {
        let fresh = Box::into_raw(Box::new(c));
        self.current.store(fresh, Ordering::Release);
        self.ready.store(1, Ordering::Release);
    }

    pub fn port(&self) -> u16 {
        let p = self.current.load(Ordering::Acquire);
        unsafe { (*p).port }
    }

    // a Relaxed load after an acquiring one: the flag orders it
    pub fn port_when_ready(&self) -> Option<u16> {
        if self.ready.load(Ordering::Acquire) == 0 {
            return None;
        }
        let p = self.current.load(Ordering::Relaxed);
        unsafe { p.as_ref() }.map(|c| c.port)
    }

    // a Relaxed load followed by an Acquire fence
    pub fn port_fenced(&self) -> u16 {
        let p = self.current.load(Ordering::Relaxed);
        fence(Ordering::Acquire);
        unsafe { (*p).port }
    }

    // `&mut self`: no other thread holds the slot
    pub fn take(&mut self) -> Option<Box<Config>> {
        let p = self.current.swap(ptr::null_mut(), Ordering::Relaxed);
        if p.is_null() {
            None
        } else {
            Some(unsafe { Box::from_raw(p) })
        }
    }

    // the loaded value is a number here, only compared
    pub fn is_set(&self) -> bool {
        !self.current.load(Ordering::Relaxed).is_null()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let p = self.current.load(Ordering::Relaxed);
        if !p.is_null() {
            drop(unsafe { Box::from_raw(p) });
        }
    }
}

// Set once before any thread reads it, never stored again: the spawn orders it.
pub struct Frozen {
    table: AtomicPtr<Vec<u64>>,
}

impl Frozen {
    pub fn first(&self) -> u64 {
        let t = self.table.load(Ordering::Relaxed);
        unsafe { (&*t)[0] }
    }
}

// Under a lock: the mutex orders the pointer and the object.
pub struct Guarded {
    lock: Mutex<()>,
    item: AtomicPtr<Config>,
}

impl Guarded {
    pub fn set(&self, c: Config) {
        let _g = self.lock.lock().unwrap();
        self.item.store(Box::into_raw(Box::new(c)), Ordering::Relaxed);
    }
    pub fn get(&self) -> u16 {
        let _g = self.lock.lock().unwrap();
        let p = self.item.load(Ordering::Relaxed);
        unsafe { (*p).port }
    }
}

// A counter, not a pointer: a local of the same name in a closure is another value.
pub struct Pool {
    usage: AtomicUsize,
}

impl Pool {
    pub fn least(&self, items: &[(usize, usize)]) -> Option<usize> {
        let usage = self.usage.load(Ordering::Relaxed);
        items
            .iter()
            .map(|(i, usage)| (*i, *usage))
            .filter(|(_, u)| *u < usage)
            .min_by_key(|(_, usage)| *usage)
            .map(|(i, _)| i)
    }
    pub fn bump(&self) {
        self.usage.fetch_add(1, Ordering::Relaxed);
    }
}

// `Pid::from_raw(n)` takes a number, not a pointer.
pub struct Pid(i32);
impl Pid {
    pub fn from_raw(n: i32) -> Pid {
        Pid(n)
    }
}
static PGID: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);
pub fn set_pgid(n: i32) {
    PGID.store(n, Ordering::Relaxed);
}
pub fn restore() -> Pid {
    Pid::from_raw(PGID.load(Ordering::Relaxed))
}
