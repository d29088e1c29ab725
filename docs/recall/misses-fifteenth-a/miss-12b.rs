use parking_lot::Mutex;

static WAS_INIT: Mutex<bool> = Mutex::new(false);
static LOGGING_CONFIG: Mutex<Option<String>> = Mutex::new(None);

pub fn init_logger(c: String) {
    let mut config = LOGGING_CONFIG.lock();
    *config = Some(c);
    let mut was_init = WAS_INIT.lock();
    *was_init = true;
}

pub fn init_test_logger() {
    let mut was_init = WAS_INIT.lock();
    if *was_init {
        return;
    }
    let mut config = LOGGING_CONFIG.lock();
    *config = Some("test".into());
    *was_init = true;
}
