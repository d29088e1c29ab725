// A start-up function re-exported by its parent module (`pub use schema::init_schema;`) and
// imported through it in `main`: a request handler calls it by the re-exported path
// (`crate::store::init_schema()`) too, so two runs can interleave.
mod api;
mod store;

use store::init_schema;

fn main() {
    let mut conn = store::establish();
    init_schema(&mut conn);
    api::serve();
}
