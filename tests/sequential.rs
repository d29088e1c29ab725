//! Sequential behaviour of the arithmetic and control-flow rewrites: a function is fixed with
//! `--fix --unsafe-fixes` (through the library), then the original and the fixed function are
//! compiled side by side with `rustc` and run on concrete inputs; on one thread they must
//! give the same results (the rewrite removes the race and nothing else).

use std::path::Path;

use racelint::engine::Options;
use racelint::fix::{self, Level};

/// Fix `module` (a whole file), check that something was fixed and that nothing is reported
/// any more, then compile `mod before { module } mod after { fixed } fn main() { main }` and
/// run it: `main` compares the two.
fn same_results(module: &str, main: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("case.rs");
    std::fs::write(&file, module).unwrap();
    let opts = Options {
        paths: vec![file.clone()],
        jobs: Some(1),
        crate_context: false,
        ..Options::default()
    };
    let outcome = fix::run(&opts, Level::Unsafe).expect("fix");
    let fixed = outcome
        .files
        .values()
        .next()
        .map(|f| f.fixed.clone())
        .unwrap_or_else(|| panic!("nothing fixed in:\n{module}"));
    assert!(
        outcome.report.diagnostics.is_empty(),
        "still reported after the fixes: {:#?}\n{fixed}",
        outcome.report.diagnostics
    );
    let program = format!(
        "#![allow(dead_code, unused_imports)]\nmod before {{\n{module}\n}}\nmod after {{\n{fixed}\n}}\nuse std::sync::atomic::*;\nuse std::sync::atomic::Ordering::SeqCst;\nfn main() {{\n{main}\n}}\n"
    );
    run(dir.path(), &program);
    fixed
}

fn run(dir: &Path, program: &str) {
    let src = dir.join("main.rs");
    std::fs::write(&src, program).unwrap();
    let bin = dir.join("main");
    let out = std::process::Command::new("rustc")
        .args(["--edition", "2021", "-o"])
        .arg(&bin)
        .arg(&src)
        .output()
        .expect("rustc runs");
    assert!(
        out.status.success(),
        "does not compile:\n{}\n{program}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = std::process::Command::new(&bin).output().expect("runs");
    assert!(
        out.status.success(),
        "different results:\n{}\n{program}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_withdrawal_with_a_fee() {
    let module = "use std::sync::atomic::{AtomicU64, Ordering::SeqCst};

pub struct Account {
    pub balance: AtomicU64,
}

impl Account {
    pub fn withdraw(&self, amount: u64, fee: u64) -> bool {
        if self.balance.load(SeqCst) >= amount + fee {
            self.balance.fetch_sub(amount + fee, SeqCst);
            return true;
        }
        false
    }

    // a parameter named like the closure's usual parameter
    pub fn take(&self, v: u64) -> bool {
        if self.balance.load(SeqCst) >= v {
            self.balance.fetch_sub(v, SeqCst);
            return true;
        }
        false
    }
}
";
    let main = "
    for bal in [0u64, 4, 5, 6, 9, 100] {
        for (a, f) in [(3u64, 2u64), (5, 0), (0, 0), (4, 3), (1, 5)] {
            let x = before::Account { balance: AtomicU64::new(bal) };
            let y = after::Account { balance: AtomicU64::new(bal) };
            let r = (x.withdraw(a, f), y.withdraw(a, f));
            assert_eq!(r.0, r.1, \"withdraw({a}, {f}) from {bal}\");
            assert_eq!(x.balance.load(SeqCst), y.balance.load(SeqCst), \"withdraw({a}, {f}) from {bal}\");
            let r = (x.take(a), y.take(a));
            assert_eq!(r.0, r.1, \"take({a})\");
            assert_eq!(x.balance.load(SeqCst), y.balance.load(SeqCst), \"take({a})\");
        }
    }";
    let fixed = same_results(module, main);
    assert!(fixed.contains("v - (amount + fee)"), "{fixed}");
    assert!(
        fixed.contains("|cur| (cur >= v).then(|| cur - v)"),
        "{fixed}"
    );
}

#[test]
fn a_ticket_counter_returning_the_old_value() {
    let module = "use std::sync::atomic::{AtomicU64, Ordering::SeqCst};

pub struct Tickets {
    pub next: AtomicU64,
}

impl Tickets {
    pub fn ticket(&self) -> u64 {
        let t = self.next.load(SeqCst);
        self.next.store(t + 1, SeqCst);
        t
    }

    pub fn skip(&self, n: u64) {
        let t = self.next.load(SeqCst);
        self.next.store(t + n * 2, SeqCst);
    }
}
";
    let main = "
    let x = before::Tickets { next: AtomicU64::new(7) };
    let y = after::Tickets { next: AtomicU64::new(7) };
    for i in 0..5u64 {
        assert_eq!(x.ticket(), y.ticket());
        x.skip(i);
        y.skip(i);
        assert_eq!(x.next.load(SeqCst), y.next.load(SeqCst));
    }";
    let fixed = same_results(module, main);
    assert!(
        fixed.contains("let t = self.next.fetch_add(1, SeqCst);"),
        "{fixed}"
    );
}

#[test]
fn a_close_that_fails_the_second_time_and_a_bounded_acquire() {
    let module = "use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Conn {
    pub closed: AtomicBool,
    pub cleanups: AtomicUsize,
    pub active: AtomicUsize,
    pub max: usize,
}

impl Conn {
    pub fn close(&self) -> Result<(), ()> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(());
        }
        self.closed.store(true, Ordering::SeqCst);
        self.cleanups.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    pub fn acquire(&self) -> Result<(), ()> {
        if self.active.load(Ordering::SeqCst) >= self.max {
            return Err(());
        }
        self.active.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}
";
    let main = "
    let mk = |max| (
        before::Conn { closed: AtomicBool::new(false), cleanups: AtomicUsize::new(0), active: AtomicUsize::new(0), max },
        after::Conn { closed: AtomicBool::new(false), cleanups: AtomicUsize::new(0), active: AtomicUsize::new(0), max },
    );
    let (x, y) = mk(3);
    for _ in 0..3 {
        assert_eq!(x.close(), y.close());
        assert_eq!(x.cleanups.load(SeqCst), y.cleanups.load(SeqCst));
    }
    for _ in 0..5 {
        assert_eq!(x.acquire(), y.acquire());
        assert_eq!(x.active.load(SeqCst), y.active.load(SeqCst));
    }";
    let fixed = same_results(module, main);
    assert!(
        fixed.contains("if self.closed.swap(true, Ordering::SeqCst) {"),
        "{fixed}"
    );
}

#[test]
fn a_stop_flag_consumed_through_a_let() {
    let module = "use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

pub struct Worker {
    pub stop: AtomicBool,
    pub start: AtomicBool,
    pub cleanups: AtomicU32,
}

impl Worker {
    pub fn poll(&self) -> bool {
        let requested = self.stop.load(Ordering::Acquire);
        if requested {
            self.stop.store(false, Ordering::Release);
            self.cleanups.fetch_add(1, Ordering::Relaxed);
        }
        requested
    }

    pub fn begin(&self) -> bool {
        let started = self.start.load(Ordering::Acquire);
        if !started {
            self.start.store(true, Ordering::Release);
            self.cleanups.fetch_add(10, Ordering::Relaxed);
        }
        started
    }
}
";
    let main = "
    for (s0, t0) in [(false, false), (true, false), (false, true), (true, true)] {
        let x = before::Worker { stop: AtomicBool::new(s0), start: AtomicBool::new(t0), cleanups: AtomicU32::new(0) };
        let y = after::Worker { stop: AtomicBool::new(s0), start: AtomicBool::new(t0), cleanups: AtomicU32::new(0) };
        for _ in 0..3 {
            assert_eq!(x.poll(), y.poll());
            assert_eq!(x.begin(), y.begin());
            assert_eq!(x.stop.load(SeqCst), y.stop.load(SeqCst));
            assert_eq!(x.start.load(SeqCst), y.start.load(SeqCst));
            assert_eq!(x.cleanups.load(SeqCst), y.cleanups.load(SeqCst));
        }
    }";
    let fixed = same_results(module, main);
    assert!(
        fixed.contains("let requested = self.stop.swap(false, Ordering::AcqRel);"),
        "{fixed}"
    );
    assert!(
        fixed.contains("let started = self.start.swap(true, Ordering::AcqRel);"),
        "{fixed}"
    );
}
