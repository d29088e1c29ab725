// `double-lock` through module paths that do lead to the locking function.

use std::sync::Mutex;

static REGISTRY: Mutex<u32> = Mutex::new(0);

pub mod driver {
    use super::REGISTRY;

    pub fn install() -> u32 {
        *REGISTRY.lock().unwrap() + 1
    }

    pub fn plug_in() {
        let _g = REGISTRY.lock().unwrap();
        self::install(); //~ double-lock
    }

    pub mod inner {
        pub fn plug_out() {
            let _g = super::super::REGISTRY.lock().unwrap();
            super::install(); //~ double-lock
        }
    }
}

pub fn reset() {
    let _g = REGISTRY.lock().unwrap();
    driver::install(); //~ double-lock
}
