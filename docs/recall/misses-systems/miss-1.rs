// Expected: lazy-init-race (check-then-act) at line 10 (test of HOOKED) with the set at line 14.
// racelint reports the same pattern when the test is a plain `if HOOKED` inside one unsafe block,
// but misses it when the read is wrapped in an `unsafe { .. }` block expression in the `if`
// condition and the write sits in a separate `unsafe` block after an early return.
// (From rustdesk 7f50fe3ea, KEYBOARD_HOOKED.)
static mut HOOKED: bool = false;

pub struct Session;
impl Session {
    pub fn start_hook(&self) {
        if unsafe { HOOKED } {
            return;
        }
        unsafe {
            HOOKED = true;
        }
        std::thread::spawn(|| {
            // install the hook; must run once only
        });
    }
}
