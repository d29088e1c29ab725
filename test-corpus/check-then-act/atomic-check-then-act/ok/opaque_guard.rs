// Double-checked under a lock racelint cannot resolve: another type's helper returns the
// guard (`self.notify.lock_waiter_list()`), the author names the value a guard and tests the
// flag again under it before the write.
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicBool, Ordering};

// defined in another crate: racelint does not see that `lock_waiter_list` locks
use waiters::Notify;

pub struct SetOnce<T> {
    value_set: AtomicBool,
    value: UnsafeCell<Option<T>>,
    notify: Notify,
}

unsafe impl<T: Send + Sync> Sync for SetOnce<T> {}

impl<T> SetOnce<T> {
    fn initialized(&self) -> bool {
        self.value_set.load(Ordering::Acquire)
    }

    pub fn set(&self, value: T) -> Result<(), T> {
        if self.initialized() {
            return Err(value);
        }
        let guard = self.notify.lock_waiter_list();
        if self.initialized() {
            return Err(value);
        }
        unsafe { *self.value.get() = Some(value) };
        self.value_set.store(true, Ordering::Release);
        drop(guard);
        Ok(())
    }

    // a named guard of an opaque lock held over the test and the write
    pub fn set_once(&self, value: T) -> bool {
        let _waiters_guard = self.notify.lock_waiter_list();
        if self.value_set.load(Ordering::Acquire) {
            return false;
        }
        unsafe { *self.value.get() = Some(value) };
        self.value_set.store(true, Ordering::Release);
        true
    }
}
