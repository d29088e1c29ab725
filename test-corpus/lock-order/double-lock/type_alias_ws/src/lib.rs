pub mod sessions;
pub mod types;
