// The `static mut` flag read in an `unsafe { .. }` block of the condition, set in a separate
// `unsafe` block after the early return: still tested and then set in two steps.
static mut HOOKED: bool = false;

pub struct Session;

impl Session {
    pub fn start_hook(&self) {
        if unsafe { HOOKED } { //~ lazy-init-race
            return;
        }
        unsafe {
            HOOKED = true;
        }
        std::thread::spawn(|| {
            // install the hook once
        });
    }
}
