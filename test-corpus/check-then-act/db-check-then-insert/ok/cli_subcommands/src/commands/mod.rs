pub mod recover_access;
pub mod run;
pub mod setup;
