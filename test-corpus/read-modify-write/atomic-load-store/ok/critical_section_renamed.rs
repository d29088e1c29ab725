// Loads and stores inside a critical section are one atomic step, however the
// critical-section crate is named: renamed at the top of the file (`use critical_section as
// cs;`), in a module, in a grouped `use`, inside a function body, or as `extern crate .. as`.

use core::sync::atomic::{AtomicU32, Ordering};
use critical_section as cs;

pub static HITS: AtomicU32 = AtomicU32::new(0);

pub fn top_alias() {
    cs::with(|_| {
        let v = HITS.load(Ordering::Relaxed);
        HITS.store(v + 1, Ordering::Relaxed);
    });
}

pub fn closure_param_shadows_alias() {
    // the closure's token is named like the alias: still the section
    cs::with(|cs| {
        let _ = cs;
        let v = HITS.load(Ordering::Relaxed);
        HITS.store(v + 2, Ordering::Relaxed);
    });
}

pub fn alias_in_body() {
    use critical_section as section;
    section::with(|_| {
        let v = HITS.load(Ordering::Relaxed);
        HITS.store(v + 3, Ordering::Relaxed);
    });
}

pub mod queue {
    use core::{mem, sync::atomic::{AtomicU32, Ordering}};
    use critical_section::{self as crit};

    pub static LEN: AtomicU32 = AtomicU32::new(0);

    pub fn push() {
        crit::with(|_| {
            let n = LEN.load(Ordering::Relaxed);
            LEN.store(n + 1, Ordering::Relaxed);
        });
        let _ = mem::size_of::<u32>();
    }
}

pub mod free_fn {
    use core::sync::atomic::{AtomicU32, Ordering};
    use critical_section::with as masked;

    pub static LEN: AtomicU32 = AtomicU32::new(0);

    pub fn pop() {
        masked(|_| {
            let n = LEN.load(Ordering::Relaxed);
            LEN.store(n.saturating_sub(1), Ordering::Relaxed);
        });
    }
}
