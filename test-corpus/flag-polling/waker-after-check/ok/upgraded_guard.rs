// An upgradable read guard upgraded to a write guard: the lock is held from the check to the
// registration.
use parking_lot::{RwLock, RwLockUpgradableReadGuard};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

struct Clock {
    now: u64,
    waiting: Vec<Waker>,
}

pub struct Sleep {
    clock: Arc<RwLock<Clock>>,
    deadline: u64,
}

impl Future for Sleep {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let clock = self.clock.upgradable_read();
        if clock.now >= self.deadline {
            Poll::Ready(())
        } else {
            let mut clock = RwLockUpgradableReadGuard::upgrade(clock);
            clock.waiting.push(cx.waker().clone());
            Poll::Pending
        }
    }
}
