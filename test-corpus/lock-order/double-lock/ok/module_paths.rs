// `double-lock` follows a call to the function the path names: a method of the same name, a
// function of the same name in another module (`virtual_display::install`) or the calling
// function itself through `super::` are other functions, which do not lock.

use std::sync::Mutex;

static MANAGER: Mutex<u32> = Mutex::new(0);

pub mod idd {
    use super::MANAGER;

    pub fn install() -> u32 {
        *MANAGER.lock().unwrap() + 1
    }

    pub fn plug_in() {
        let _g = MANAGER.lock().unwrap();
        // the external driver crate's `install`, not `idd::install` above
        virtual_display::install();
    }

    pub mod inner {
        pub fn start() {
            let _g = super::super::MANAGER.lock().unwrap();
            // `idd::start` (one module up) does not lock: not this `start`
            super::start();
        }
    }

    pub fn start() {}
}

pub mod virtual_display {
    pub fn install() {}
}
