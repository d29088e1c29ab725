// Guards handed back by helpers and held across `.await` (clippy's `await_holding_lock`).
use std::ops::Deref;
use std::sync::{Mutex, MutexGuard};

pub struct State {
    m: Mutex<u32>,
}

pub struct Pair<'a> {
    guard: MutexGuard<'a, u32>,
    tag: u8,
}

impl State {
    fn lock_m(&self) -> MutexGuard<'_, u32> {
        self.m.lock().unwrap()
    }

    fn lock_m_m(&self) -> MutexGuard<'_, u32> {
        self.lock_m()
    }

    fn tagged(&self) -> Pair<'_> {
        Pair {
            guard: self.m.lock().unwrap(),
            tag: 1,
        }
    }

    fn view(&self) -> impl Deref<Target = u32> + '_ {
        self.m.lock().unwrap()
    }

    pub async fn bad(&self) {
        let mut guard = self.lock_m(); //~ guard-across-await
        *guard += 1;
        baz().await;
    }

    pub async fn bad2(&self) {
        let mut guard = self.lock_m_m(); //~ guard-across-await
        *guard += 1;
        baz().await;
    }

    pub async fn bad_struct(&self) -> u8 {
        let p = self.tagged(); //~ guard-across-await
        let t = p.tag + *p.guard as u8;
        baz().await;
        t
    }

    pub async fn bad_deref(&self) -> u32 {
        let v = self.view(); //~ guard-across-await
        let n = *v;
        baz().await;
        n
    }

    pub async fn good(&self) -> u32 {
        let n = *self.lock_m();
        baz().await;
        n
    }

    pub async fn good_dropped(&self) -> u32 {
        let g = self.lock_m();
        let n = *g;
        drop(g);
        baz().await;
        n
    }
}

async fn baz() -> u32 {
    42
}
