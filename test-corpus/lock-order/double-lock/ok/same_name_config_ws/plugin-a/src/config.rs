pub struct PluginConfig {
    pub workers: usize,
    pub queue: usize,
}
