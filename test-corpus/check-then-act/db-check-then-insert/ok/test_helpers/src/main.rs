// Entry-point facts in a binary, negative side: the fixtures below insert after a check, but
// only tests run them (an integration test's shared helper module, a closure in a unit test,
// a test-support module of the crate), so no second production actor exists.

mod fixtures;

fn main() {
    println!("serving");
}
