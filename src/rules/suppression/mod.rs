//! Category `suppression`: findings about `racelint: allow(..)` comments.

pub mod unused_suppression;
