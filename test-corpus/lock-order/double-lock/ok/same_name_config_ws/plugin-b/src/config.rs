pub struct PluginConfig {
    pub retention: u64,
    pub interval: u64,
}
