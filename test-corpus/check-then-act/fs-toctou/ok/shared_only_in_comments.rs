// Only a comment says the type is shared (`Arc<Exporter>`, `Arc::new(Exporter`): no field,
// static, local, parameter or return type of the file holds one, so nothing shows a second
// caller of `export` (a one-shot command writing its own output).
use std::fs;
use std::io;
use std::path::PathBuf;

/// Exports a report. Could be wrapped in an Arc<Exporter> one day; see also
/// `Arc::new(Exporter { .. })` in the docs.
pub struct Exporter {
    out: PathBuf,
}

impl Exporter {
    pub fn export(&self, body: &[u8]) -> io::Result<()> {
        // Arc<Exporter>
        if self.out.exists() {
            fs::remove_file(&self.out)?;
        }
        fs::write(&self.out, body)
    }
}

pub fn main_export(out: PathBuf) -> io::Result<()> {
    let e = Exporter { out };
    e.export(b"report")
}
