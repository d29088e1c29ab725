use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

pub struct Config {
    pub port: u16,
    pub name: String,
}

// A slot a writer thread replaces and readers follow: both sides `Relaxed`.
pub struct Slot {
    current: AtomicPtr<Config>,
}

impl Slot {
    pub fn replace(&self, c: Config) {
        let fresh = Box::into_raw(Box::new(c));
        let old = self.current.swap(fresh, Ordering::Relaxed); //~ relaxed-pointer
        if !old.is_null() {
            // leaked on purpose: readers may still hold it
        }
    }

    pub fn port(&self) -> Option<u16> {
        let p = self.current.load(Ordering::Relaxed); //~ relaxed-pointer
        unsafe { p.as_ref() }.map(|c| c.port)
    }

    pub fn name_len(&self) -> usize {
        // the load and the dereference in one expression
        unsafe { (&(*self.current.load(Ordering::Relaxed)).name).len() } //~ relaxed-pointer
    }
}

// A global published once by a free function, read by another.
static GLOBAL: AtomicPtr<Config> = AtomicPtr::new(ptr::null_mut());

pub fn install(c: Config) {
    GLOBAL.store(Box::into_raw(Box::new(c)), Ordering::Relaxed); //~ relaxed-pointer
}

pub fn global_port() -> u16 {
    let g = GLOBAL.load(Ordering::Relaxed); //~ relaxed-pointer
    if g.is_null() {
        return 0;
    }
    unsafe { &*g }.port
}

// A lock-free stack: the push publishes a node with a `Relaxed` success ordering, the pop
// reads the node's `next` through a `Relaxed` load.
struct Node {
    value: u64,
    next: *mut Node,
}

pub struct Stack {
    head: AtomicPtr<Node>,
}

impl Stack {
    pub fn push(&self, value: u64) {
        let node = Box::into_raw(Box::new(Node {
            value,
            next: ptr::null_mut(),
        }));
        loop {
            let head = self.head.load(Ordering::Relaxed);
            unsafe { (*node).next = head };
            let won = self.head.compare_exchange_weak(head, node, Ordering::Relaxed, Ordering::Relaxed); //~ relaxed-pointer
            if won.is_ok() {
                return;
            }
        }
    }

    pub fn peek(&self) -> Option<u64> {
        let top = self.head.load(Ordering::Relaxed); //~ relaxed-pointer
        if top.is_null() {
            None
        } else {
            Some(unsafe { ptr::read(&(*top).value) })
        }
    }

    pub fn pop(&self) -> Option<u64> {
        loop {
            let top = self.head.load(Ordering::Acquire);
            if top.is_null() {
                return None;
            }
            let next = unsafe { (*top).next };
            if self
                .head
                .compare_exchange(top, next, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                let node = unsafe { Box::from_raw(top) };
                return Some(node.value);
            }
        }
    }
}

// A worker thread reads the pointer inside a closure.
pub fn spawn_reader(slot: &'static Slot) -> std::thread::JoinHandle<u16> {
    std::thread::spawn(move || {
        let p = slot.current.load(Ordering::Relaxed); //~ relaxed-pointer
        unsafe { Box::from_raw(p) }.port
    })
}
