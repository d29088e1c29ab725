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

use libmimalloc_sys as ffi;
use mimalloc::MiMalloc;

thread_local! {
    static KEEPING: Cell<bool> = const { Cell::new(false) };
    /// This thread's heap for kept facts: one per thread, so worker threads do not contend on
    /// a shared heap (with one shared heap two threads were no faster than one).
    static KEEP_HEAP: Cell<*mut ffi::mi_heap_t> = const { Cell::new(std::ptr::null_mut()) };
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

fn keep_heap() -> *mut ffi::mi_heap_t {
    KEEP_HEAP
        .try_with(|h| {
            if h.get().is_null() {
                // SAFETY: creates a mimalloc heap. It is never deleted: its blocks (the kept
                // facts) outlive the thread, and mimalloc frees them from any thread.
                h.set(unsafe { ffi::mi_heap_new() });
            }
            h.get()
        })
        .unwrap_or(std::ptr::null_mut())
}

/// Inside [`keep`] (and once this thread has its heap), allocate with `f` from that heap.
fn in_keep_heap(f: impl FnOnce(*mut ffi::mi_heap_t) -> *mut std::ffi::c_void) -> Option<*mut u8> {
    if !keeping() {
        return None;
    }
    let h = keep_heap();
    (!h.is_null()).then(|| f(h) as *mut u8)
}

/// Opt this process out of transparent huge pages (Linux; elsewhere nothing).
///
/// Where the kernel backs every anonymous mapping with 2 MB pages (`transparent_hugepage` set
/// to `always`), each file's parse touches fresh 2 MB pages that the kernel zeroes whole, and
/// mimalloc hands freed pages back and touches them again for the next file: on tikv at one
/// thread the kernel spent 1.2 s zeroing pages (13 000 faults) against 5.0 s of user time.
/// With small pages the system time is 0.3 s, user time grows by about 0.2 s (more TLB misses)
/// and peak memory drops by about 8 %. Child processes inherit the setting; racelint starts
/// none that allocate much.
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_THP_DISABLE) only sets a flag on this process's memory map; it
    // takes no pointers. Failure (an old kernel) leaves the default, which is harmless.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// mimalloc, with [`keep`]'s allocations in a separate heap.
pub struct Allocator;

/// Every mimalloc block is aligned to a machine word: a layout asking no more takes
/// mimalloc's plain entry points (`mi_malloc`, `mi_realloc`), which skip the alignment checks
/// of the aligned ones that `MiMalloc` always calls (about a third of the cost of an
/// allocation; racelint allocates millions of small blocks).
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: every block comes from mimalloc (from its default or its keep heap) and `mi_free`
// frees blocks of any heap; alignment and sizes are passed through.
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: a valid heap; mimalloc's aligned allocation honours `layout`.
        match in_keep_heap(|h| unsafe {
            ffi::mi_heap_malloc_aligned(h, layout.size(), layout.align())
        }) {
            Some(p) => p,
            // SAFETY: a block of mimalloc's is word-aligned, which is all `layout` asks.
            None if layout.align() <= WORD => unsafe { ffi::mi_malloc(layout.size()) as *mut u8 },
            // SAFETY: forwarded unchanged.
            None => unsafe { MiMalloc.alloc(layout) },
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        match in_keep_heap(|h| unsafe {
            ffi::mi_heap_zalloc_aligned(h, layout.size(), layout.align())
        }) {
            Some(p) => p,
            // SAFETY: as in `alloc`.
            None if layout.align() <= WORD => unsafe { ffi::mi_zalloc(layout.size()) as *mut u8 },
            // SAFETY: forwarded unchanged.
            None => unsafe { MiMalloc.alloc_zeroed(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator (either heap); `mi_free` handles both.
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            // SAFETY: `ptr` came from this allocator; mimalloc reallocates blocks of any heap,
            // and the new block is word-aligned, which is all `layout` asks.
            return unsafe { ffi::mi_realloc(ptr as *mut std::ffi::c_void, new_size) as *mut u8 };
        }
        // SAFETY: `ptr` came from this allocator; mimalloc reallocates blocks of any heap.
        unsafe { MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `keep` routes only its closure's allocations, and leaves the flag as it found it even
    /// when the closure panics.
    #[test]
    fn keep_restores_the_flag() {
        assert!(!keeping());
        keep(|| {
            assert!(keeping());
            keep(|| assert!(keeping()));
            assert!(keeping());
        });
        assert!(!keeping());
        let r = std::panic::catch_unwind(|| keep(|| panic!("inside keep")));
        assert!(r.is_err());
        assert!(!keeping());
    }

    /// Blocks from both heaps honour size and alignment, can be written, grown and freed
    /// outside the scope they were allocated in.
    #[test]
    fn both_heaps_allocate_aligned_blocks() {
        let a = Allocator;
        for align in [1usize, 8, 64, 4096] {
            let layout = Layout::from_size_align(100, align).unwrap();
            let outside = unsafe { a.alloc(layout) };
            let inside = keep(|| unsafe { a.alloc_zeroed(layout) });
            for p in [outside, inside] {
                assert!(!p.is_null());
                assert_eq!(p as usize % align, 0);
            }
            assert!((0..100).all(|i| unsafe { *inside.add(i) } == 0));
            unsafe {
                std::ptr::write_bytes(outside, 7, 100);
                let grown = a.realloc(inside, layout, 5000);
                assert!(!grown.is_null());
                std::ptr::write_bytes(grown, 9, 5000);
                a.dealloc(grown, Layout::from_size_align(5000, align).unwrap());
                a.dealloc(outside, layout);
            }
        }
    }
}
