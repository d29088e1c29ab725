// vector 7fb2c807a8 shape: a method holding the controller lock calls helpers that lock it again.
use std::sync::Mutex;
use tokio::sync::Semaphore;

struct Inner {
    current: usize,
    dropping: usize,
    average_rtt: f64,
}

pub struct Controller {
    semaphore: Semaphore,
    max: usize,
    inner: Mutex<Inner>,
}

impl Controller {
    fn expand(&self) {
        let mut inner = self.inner.lock().expect("poisoned");
        if inner.current < self.max {
            self.semaphore.add_permits(1);
            inner.current += 1;
        }
    }

    fn contract(&self) {
        let mut inner = self.inner.lock().expect("poisoned");
        inner.current = (inner.current + 1) / 2;
        inner.dropping += 1;
    }

    pub fn adjust_to_response(&self, rtt: f64) {
        let inner = self.inner.lock().expect("poisoned");
        let avg = inner.average_rtt;
        if rtt >= avg * 1.05 {
            self.contract();
        } else if inner.current < self.max && rtt <= avg {
            self.expand();
        }
    }
}
