// Probe (written from scratch) for a missed bug in apollographql/router.
// Fix commit: 3ca1883e "Prevent deadlocks on metrics shutdown (#6800)" (parent b246a295).
//
// What goes wrong: the router's aggregate meter provider keeps its providers and its registered
// instruments in one `parking_lot::Mutex<Inner>`. `shutdown()` held that mutex while calling
// each provider's `shutdown()`, which runs a final export; exporting records metrics of its
// own, and recording a metric goes through the global aggregate provider to create or look up
// an instrument, which locks the same mutex. The lock is not re-entrant: shutdown hangs
// (`set()` did the same by dropping the replaced provider, whose Drop shuts it down, under
// the lock). The fix swaps the providers out, drops the guard and shuts them down after.
//
// What is missing: the second lock is reached through a trait object (`dyn MeterProvider`
// whose implementation, in this file, exports) and then through the process-global
// (`OnceLock`) on which `shutdown` itself is called (`stop_telemetry`). racelint does not
// follow a `dyn Trait` method to the crate's implementations, and even with a direct call to
// the implementation it cannot tell that the global's `instrument()` locks the same mutex as
// `self` in `shutdown()` (that `self` is the global when called as `global().shutdown()`). The
// direct call of a method that locks `self.inner` again is reported (`contrast_direct`,
// reported: double-lock).
use parking_lot::Mutex;
use std::sync::OnceLock;

pub trait MeterProvider: Send + Sync {
    fn shutdown(&self);
}

#[derive(Default)]
pub struct Inner {
    providers: Vec<Box<dyn MeterProvider>>,
    instruments: Vec<String>,
}

#[derive(Default)]
pub struct AggregateMeterProvider {
    inner: Mutex<Inner>,
}

static GLOBAL: OnceLock<AggregateMeterProvider> = OnceLock::new();

pub fn global() -> &'static AggregateMeterProvider {
    GLOBAL.get_or_init(AggregateMeterProvider::default)
}

impl AggregateMeterProvider {
    pub fn instrument(&self, name: &str) {
        let mut inner = self.inner.lock();
        inner.instruments.push(name.to_string());
    }

    pub fn shutdown(&self) {
        let inner = self.inner.lock();
        for p in &inner.providers {
            p.shutdown();
        }
    }

    // Contrast: reported (double-lock).
    pub fn contrast_direct(&self) {
        let inner = self.inner.lock();
        if !inner.providers.is_empty() {
            self.instrument("exporter.flush");
        }
    }
}

pub fn stop_telemetry() {
    global().shutdown();
}

pub struct OtlpProvider;

impl MeterProvider for OtlpProvider {
    fn shutdown(&self) {
        // the final export records its own metrics
        global().instrument("exporter.flush");
    }
}
