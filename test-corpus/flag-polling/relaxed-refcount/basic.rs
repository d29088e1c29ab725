use std::sync::atomic::{AtomicUsize, Ordering, fence};

struct Inner<T> {
    refs: AtomicUsize,
    data: T,
}

// A hand-written Arc: `== 1` then the free, in `Drop`.
pub struct Shared<T> {
    ptr: *mut Inner<T>,
}

impl<T> Shared<T> {
    fn inner(&self) -> &Inner<T> {
        unsafe { &*self.ptr }
    }
    pub fn get(&self) -> &T {
        &self.inner().data
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        self.inner().refs.fetch_add(1, Ordering::Relaxed);
        Shared { ptr: self.ptr }
    }
}

impl<T> Drop for Shared<T> {
    fn drop(&mut self) {
        if self.inner().refs.fetch_sub(1, Ordering::Relaxed) == 1 { //~ relaxed-refcount
            unsafe { drop(Box::from_raw(self.ptr)) }
        }
    }
}

// `!= 1 { return }` and then the free; `Release` with no acquire before it.
pub struct Handle {
    ptr: *mut Inner<Vec<u8>>,
}

impl Drop for Handle {
    fn drop(&mut self) {
        let inner = unsafe { &*self.ptr };
        if inner.refs.fetch_sub(1, Ordering::Release) != 1 { //~ relaxed-refcount
            return;
        }
        unsafe { std::ptr::drop_in_place(self.ptr) };
    }
}

// A free function, the decrement bound by a `let` and compared later.
/// # Safety
/// `p` points to a live `Inner` this caller owns a reference of.
pub unsafe fn release(p: *mut Inner<String>) {
    let prev = unsafe { (*p).refs.fetch_sub(1, Ordering::Relaxed) }; //~ relaxed-refcount
    if prev == 1 {
        drop(unsafe { Box::from_raw(p) });
    }
}

// A `match` with a `1 =>` arm; `Acquire` alone releases nothing.
pub struct Buffer {
    inner: *mut Inner<[u8; 64]>,
}

impl Buffer {
    fn drop_slow(&mut self) {
        drop(unsafe { Box::from_raw(self.inner) });
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        match unsafe { &*self.inner }.refs.fetch_sub(1, Ordering::Acquire) { //~ relaxed-refcount
            1 => self.drop_slow(),
            _ => {}
        }
    }
}

pub fn keep_fence_in_use() {
    fence(Ordering::SeqCst);
}
