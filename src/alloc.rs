//! The binaries' allocator: mimalloc, with the facts kept for the workspace phase in a heap of
//! their own.
//!
//! Each file's syntax tree is allocated and freed while the facts the workspace phase needs
//! stay alive. Allocated among the tree's nodes, those facts keep most of its memory pages
//! half used, and the next file's parse allocates from cold, sparse pages (in profiles: parsing
//! ran about 15 % slower inside a full check than alone for that reason). [`keep`] routes the
//! allocations of a closure (the copy of a file's facts) to a separate heap, so the worker
//! threads' own pages hold only short-lived data.
//!
//! With another global allocator (the tests use the system one) [`keep`] only sets a flag.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicPtr, Ordering};

use libmimalloc_sys as ffi;
use mimalloc::MiMalloc;

thread_local! {
    static KEEPING: Cell<bool> = const { Cell::new(false) };
}

/// Run `f` with its allocations placed in the heap for long-lived facts.
pub fn keep<T>(f: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            let _ = KEEPING.try_with(|k| k.set(self.0));
        }
    }
    let prev = KEEPING.with(|k| k.replace(true));
    let _reset = Reset(prev);
    f()
}

fn keeping() -> bool {
    KEEPING.try_with(Cell::get).unwrap_or(false)
}

static KEEP_HEAP: AtomicPtr<ffi::mi_heap_t> = AtomicPtr::new(std::ptr::null_mut());

fn keep_heap() -> *mut ffi::mi_heap_t {
    let h = KEEP_HEAP.load(Ordering::Acquire);
    if !h.is_null() {
        return h;
    }
    // SAFETY: creates a mimalloc heap; it is never deleted (it lives as long as the process).
    let new = unsafe { ffi::mi_heap_new() };
    match KEEP_HEAP.compare_exchange(
        std::ptr::null_mut(),
        new,
        Ordering::AcqRel,
        Ordering::Acquire,
    ) {
        Ok(_) => new,
        // another thread created one first: use that (ours stays empty)
        Err(existing) => existing,
    }
}

/// mimalloc, with [`keep`]'s allocations in a separate heap.
pub struct Allocator;

// SAFETY: every block comes from mimalloc (from its default or its keep heap) and `mi_free`
// frees blocks of any heap; alignment and sizes are passed through.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if keeping() {
            let h = keep_heap();
            if !h.is_null() {
                // SAFETY: a valid heap; mimalloc's aligned allocation honours `layout`.
                return unsafe { ffi::mi_heap_malloc_aligned(h, layout.size(), layout.align()) }
                    as *mut u8;
            }
        }
        // SAFETY: forwarded unchanged.
        unsafe { MiMalloc.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if keeping() {
            let h = keep_heap();
            if !h.is_null() {
                // SAFETY: as in `alloc`.
                return unsafe { ffi::mi_heap_zalloc_aligned(h, layout.size(), layout.align()) }
                    as *mut u8;
            }
        }
        // SAFETY: forwarded unchanged.
        unsafe { MiMalloc.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator (either heap); `mi_free` handles both.
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator; mimalloc reallocates blocks of any heap.
        unsafe { MiMalloc.realloc(ptr, layout, new_size) }
    }
}
