// Suppressions that suppress nothing are reported as `unused-suppression` (a note).

// racelint: allow-file(spin-on-lock) nothing spins in this file //~ unused-suppression

fn add(a: u32, b: u32) -> u32 {
    // racelint: allow(double-lock) there is no lock here //~ unused-suppression
    a + b
}

fn sub(a: u32, b: u32) -> u32 {
    a - b // racelint: allow(lock-order) //~ unused-suppression
}

// racelint: allow(no-such-rule) a misspelt rule id //~ unused-suppression
fn mul(a: u32, b: u32) -> u32 {
    a * b
}

// racelint: alow(double-lock) a misspelt directive //~ unused-suppression
fn div(a: u32, b: u32) -> u32 {
    a / b
}

fn main() {
    let s = "// racelint: allow(double-lock) inside a string is not a comment";
    let _ = (add(1, 2), sub(3, 2), mul(2, 2), div(4, 2), s);
}
