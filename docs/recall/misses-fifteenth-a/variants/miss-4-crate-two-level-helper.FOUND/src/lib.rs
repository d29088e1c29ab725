pub mod chain;
pub mod head;
