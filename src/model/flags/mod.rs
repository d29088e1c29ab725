//! Flag facts: wait loops, the non-atomic shared accesses they may poll, fences and the
//! values acquiring loads observe. The flag-polling rules are queries over them.

pub mod accesses;
pub mod claim;
pub mod ordering;
pub mod sync;
pub mod values;
pub mod wait_loop;

pub use accesses::{Access, Accesses, Kind};
pub use values::{AtomicValues, Use};
pub use wait_loop::{Exit, WaitLoop};
