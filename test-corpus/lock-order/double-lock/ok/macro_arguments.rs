// Macro arguments that take the lock once, or that are no expressions (item definitions, a
// DSL), add nothing.
use std::sync::Mutex;

static COUNTS: Mutex<Vec<u64>> = Mutex::new(Vec::new());

lazy_static::lazy_static! {
    static ref NAMES: Mutex<Vec<String>> = Mutex::new(Vec::new());
}

pub fn report() {
    metrics::gauge!("counts", "len" => COUNTS.lock().unwrap().len().to_string()).set(1.0);
    let n = COUNTS.lock().unwrap().len();
    tracing::event!(tracing::Level::INFO, n, names = NAMES.lock().unwrap().len(), "sizes");
}
