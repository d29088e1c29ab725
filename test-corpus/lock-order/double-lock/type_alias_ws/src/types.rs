// The alias is defined here, in another file than the lock it declares.
use std::collections::HashMap;

pub type RwAHashMap<K, V> = tokio::sync::RwLock<HashMap<K, V>>;
