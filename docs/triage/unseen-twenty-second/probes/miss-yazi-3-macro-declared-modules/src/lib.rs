// Miss (coverage), yazi HEAD e8b53ece and every tree since mid-2024: 1124 of 1228 `.rs` files
// are "not in a crate" in a default run, because the crates declare their modules through a
// workspace macro (`yazi_macro::mod_pub!(app cmp ..)`, `mod_flat!(..)`, which expand to
// `pub mod app; ..` / `mod x; pub use x::*;`). Written from scratch. racelint follows only
// literal `mod` items, so `worker.rs` below is never read: the double-lock in it is silent in
// `racelint check DIR`, and reported with `racelint check DIR --all-files`.
// This probe is a directory (Cargo.toml, src/lib.rs, src/worker.rs), not one file, because
// the missing fact is the module tree.
macro_rules! mod_flat {
    [ $( $name:ident $(,)? )+ ] => {
        $(
            mod $name;
            pub use $name::*;
        )+
    };
}

mod_flat!(worker);
