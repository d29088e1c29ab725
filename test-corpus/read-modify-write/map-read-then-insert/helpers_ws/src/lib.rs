pub mod jobs;
pub mod store;
