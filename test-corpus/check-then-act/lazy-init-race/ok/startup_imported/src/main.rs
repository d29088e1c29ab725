// Lazy initialisers of other files, imported with `use` and reached only from `main` at
// start-up: an async one awaited in `main`, one reached through an imported start-up
// function of a third file, and one imported in a group `use`.
mod boot;
mod config;
mod geo;

use boot::start;
use geo::{load_db, GEO_DB};

#[tokio::main]
async fn main() {
    load_db("geo.mmdb").await;
    start();
    println!("{:?}", GEO_DB.get());
}
