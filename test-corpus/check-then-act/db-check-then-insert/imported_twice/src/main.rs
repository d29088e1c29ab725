// Functions imported with `use` that more than one actor runs: one called from `main` and
// from every worker thread, one a request handler calls too (imported there as well), one
// passed as a value to `spawn`, and one imported under another name in a second file.
mod accounts;
mod handlers;
mod seeds;

use accounts::{ensure_admin, ensure_guest};
use seeds::seed_defaults;

fn main() {
    let mut conn = seeds::establish();
    seed_defaults(&mut conn);
    ensure_admin(&mut conn, "admin");
    for _ in 0..4 {
        std::thread::spawn(move || {
            let mut c = seeds::establish();
            seed_defaults(&mut c);
        });
    }
    let run: fn() = ensure_guest;
    std::thread::spawn(run);
    ensure_guest();
    handlers::serve();
}
