// The store is made only when a condition on the loaded value holds (a countdown that stops
// at zero, a timer that runs up to a limit, a flag set only when clear): the test and the
// update become one `fetch_update` whose closure returns `None` when the condition fails, so
// the condition is checked on the value the update is made from.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicU64, AtomicUsize, Ordering};

pub struct Fuse {
    ticks: AtomicI32,
    cooldown: AtomicU64,
    hits: AtomicUsize,
}

impl Fuse {
    // no more statements in the branch: the whole `if` becomes the update
    pub fn tick(&self) {
        let current = self.ticks.load(Ordering::Relaxed);
        if current > 0 {
            self.ticks.store(current - 1, Ordering::Relaxed); //~ atomic-load-store
        }
    }

    // the rest of the branch reads the loaded value: it is the value the update was made from
    pub fn cool(&self, step: u64) -> u64 {
        let mut spent = 0;
        let left = self.cooldown.load(Ordering::Acquire);
        if left >= step && step > 0 {
            self.cooldown.store(left - step, Ordering::Release); //~ atomic-load-store
            spent = left;
            println!("cooldown was {left}");
        }
        spent
    }

    // the rest does not read it: the branch runs when the update was made
    pub fn hit(&self, limit: usize) -> bool {
        let n = self.hits.load(Ordering::SeqCst);
        if n < limit {
            self.hits.store(n + 1, Ordering::SeqCst); //~ atomic-load-store
            return true;
        }
        false
    }
}

static ARMED: AtomicBool = AtomicBool::new(false);

// a free function over a static; the `if` is the function's tail
pub fn arm() {
    let armed = ARMED.load(Ordering::Acquire);
    if !armed {
        ARMED.store(!armed, Ordering::Release); //~ atomic-load-store
    }
}

// a closure in a spawned thread, the value a larger expression (parenthesised as written)
pub fn drain(level: Arc<AtomicU64>, by: u64) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let seen = level.load(Ordering::Relaxed);
        if seen > by * 2 {
            level.store((seen - by) / 2, Ordering::Relaxed); //~ atomic-load-store
        };
    })
}

// the loaded value is read again after the `if`: it is bound again to the value the update
// was decided on (`Ok` and `Err` both carry it)
pub fn countdown_logged(f: &Fuse) -> i32 {
    let t = f.ticks.load(Ordering::Relaxed);
    if t > 0 {
        f.ticks.store(t - 1, Ordering::Relaxed); //~ atomic-load-store
    }
    t
}

// an `else` branch: no edit (prose only)
pub fn countdown_or_reset(f: &Fuse) {
    let t = f.ticks.load(Ordering::Relaxed);
    if t > 0 {
        f.ticks.store(t - 1, Ordering::Relaxed); //~ atomic-load-store
    } else {
        println!("already at zero");
    }
}

pub fn run(f: Arc<Fuse>) {
    let g = f.clone();
    let h = std::thread::spawn(move || {
        g.tick();
        g.cool(2);
        g.hit(3);
        arm();
        countdown_logged(&g);
        countdown_or_reset(&g);
    });
    f.tick();
    f.cool(1);
    f.hit(3);
    arm();
    countdown_logged(&f);
    countdown_or_reset(&f);
    drain(Arc::new(AtomicU64::new(9)), 1).join().unwrap();
    h.join().unwrap();
}
