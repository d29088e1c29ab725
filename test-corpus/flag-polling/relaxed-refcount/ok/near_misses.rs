use std::sync::atomic::{AtomicUsize, Ordering, fence};
use std::sync::{Condvar, Mutex};

struct Inner<T> {
    refs: AtomicUsize,
    data: T,
}

// std's way: `Release`, then `fence(Acquire)` before the free.
pub struct Shared<T> {
    ptr: *mut Inner<T>,
}

impl<T> Shared<T> {
    pub fn get(&self) -> &T {
        unsafe { &(*self.ptr).data }
    }
}

impl<T> Drop for Shared<T> {
    fn drop(&mut self) {
        if unsafe { &*self.ptr }.refs.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        fence(Ordering::Acquire);
        unsafe { drop(Box::from_raw(self.ptr)) }
    }
}

// `AcqRel` on the decrement.
pub struct Handle {
    ptr: *mut Inner<Vec<u8>>,
}

impl Drop for Handle {
    fn drop(&mut self) {
        if unsafe { &*self.ptr }.refs.fetch_sub(1, Ordering::AcqRel) == 1 {
            unsafe { drop(Box::from_raw(self.ptr)) }
        }
    }
}

// `Release` and an acquiring load before the free.
pub struct Other {
    ptr: *mut Inner<u64>,
}

impl Drop for Other {
    fn drop(&mut self) {
        let inner = unsafe { &*self.ptr };
        if inner.refs.fetch_sub(1, Ordering::Release) == 1 {
            let _ = inner.refs.load(Ordering::Acquire);
            unsafe { drop(Box::from_raw(self.ptr)) }
        }
    }
}

// The last worker out notifies; nothing is freed.
pub struct Latch {
    active: AtomicUsize,
    done: Mutex<bool>,
    cv: Condvar,
}

impl Latch {
    pub fn leave(&self) {
        if self.active.fetch_sub(1, Ordering::Relaxed) == 1 {
            *self.done.lock().unwrap() = true;
            self.cv.notify_all();
        }
    }
}

// A decrement by more than one is no reference count.
pub fn take_two(c: &AtomicUsize) -> bool {
    if c.fetch_sub(2, Ordering::Relaxed) == 1 {
        return true;
    }
    false
}
