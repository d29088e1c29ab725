mod raft;

pub use raft::RemoteClient as Client;
