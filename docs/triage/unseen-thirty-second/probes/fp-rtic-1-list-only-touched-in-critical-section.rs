// FP reduction (written from scratch) of rtic's wait queue / timer queue findings
// (rtic-common/src/wait_queue.rs, rtic-time/src/linked_list.rs: 3 atomic-load-store,
// 1 atomic-check-then-act, 4 relaxed-pointer).
//
// An intrusive list keeps its head in an AtomicPtr only so that it can live in a `static`;
// every access happens inside `cs::with(|_| ..)` (the critical_section crate), which excludes every other
// accessor (interrupts masked on one core, a spin lock with acquire/release on several) and
// is followed by a SeqCst fence. Loads and stores in the closure are therefore one atomic
// step, and the Relaxed pointer loads see the node fully written by the writer's earlier
// critical section.
//
// Cause, precisely: racelint already treats `critical_section::with(|_| ..)` as an exclusive
// context (model/func.rs), but matches the path by the segment `critical_section`; rtic
// imports the crate under an alias, `use critical_section as cs;`, and calls `cs::with`.
// Written as `critical_section::with` this file gives no finding (contrast); as `cs::with`
// it gives relaxed-pointer at line 41 and atomic-load-store at line 44, as in rtic.
//
// What racelint would need: resolve `use <crate> as <alias>` (and `use critical_section::with`)
// before matching the critical-section call, i.e. match on the resolved path, not the text.
use core::ptr::null_mut;
use critical_section as cs;
use core::sync::atomic::{fence, AtomicPtr, Ordering};

pub struct Link {
    pub val: u32,
    next: AtomicPtr<Link>,
}

pub struct List {
    head: AtomicPtr<Link>,
}

impl List {
    pub const fn new() -> Self {
        List { head: AtomicPtr::new(null_mut()) }
    }

    pub fn pop(&self) -> Option<u32> {
        cs::with(|_| {
            fence(Ordering::SeqCst);
            let head = self.head.load(Ordering::Relaxed);
            if let Some(head_ref) = unsafe { head.as_ref() } {
                // unlink the first node
                self.head.store(head_ref.next.load(Ordering::Relaxed), Ordering::Relaxed);
                return Some(head_ref.val);
            }
            None
        })
    }

    /// # Safety
    /// `link` must stay alive and pinned until popped.
    pub unsafe fn push_front(&self, link: &Link) {
        cs::with(|_| {
            fence(Ordering::SeqCst);
            let head = self.head.load(Ordering::Relaxed);
            link.next.store(head, Ordering::Relaxed);
            self.head.store(link as *const _ as *mut _, Ordering::Relaxed);
        })
    }
}

pub static QUEUE: List = List::new();
