// Start-up code of other files, imported with `use` and called once from `main`: a `use` of
// a function hands no value anywhere, so the only caller is `main` (a single `use`, a group
// `use a::{b, c}`, a `use crate::..` path, a function of a nested module file, a helper the
// imported function calls in turn).
mod accounts;
mod setup;

use accounts::ensure_admin;
use crate::setup::seeds::{seed_defaults, seed_roles};
use diesel::prelude::*;

fn main() {
    let mut conn = setup::establish();
    seed_defaults(&mut conn);
    seed_roles(&mut conn);
    if let Err(e) = ensure_admin(&mut conn, "admin") {
        eprintln!("{e}");
    }
    serve();
}

fn serve() {}
