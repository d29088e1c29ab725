use std::sync::{Arc, Mutex};

pub struct VmConfig {
    pub max_phys_bits: u8,
    pub kvm_hyperv: bool,
    pub tdx: bool,
}

fn common_cpuid(phys_bits: u8, hyperv: bool, tdx: bool) -> u32 {
    phys_bits as u32 + hyperv as u32 + tdx as u32
}

pub fn receive(vm_config: Arc<Mutex<VmConfig>>) -> u32 {
    let phys_bits = vm_config.lock().unwrap().max_phys_bits;
    common_cpuid(
        phys_bits,
        vm_config.lock().unwrap().kvm_hyperv,
        vm_config.lock().unwrap().tdx,
    )
}
