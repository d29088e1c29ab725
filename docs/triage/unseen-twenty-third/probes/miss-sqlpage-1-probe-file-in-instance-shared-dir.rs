// Probe (written from scratch) for a missed bug in sqlpage/SQLPage.
// Fix commit: 5cf1882d "fix: handle temp file removal race condition in concurrent
// initialization" (#1185, parent 8d106fb6).
//
// What races: several instances of the server started at once in the same directory (the
// bug report: containers/tests starting together). Each checks whether the default database
// file exists, creates it to probe that the directory is writable, and removes the probe.
// Instance B creates the probe after A's check; A's remove deletes B's probe, and B's
// `remove_file(..).expect(..)` panics ("No such file or directory"), so B fails to start.
//
// racelint should report fs-toctou at `File::create(&db_path)` (checked absent, created) and
// at `remove_file(&db_path).expect(..)` (created, then removed on the assumption nobody else
// touched it) in `default_database`. Two facts are missing:
//   (1) `if let Ok(true) = p.try_exists() { return .. }` is not read as an existence check
//       (`p.exists()` in the same place is, see the contrast);
//   (2) the second actor: a second instance of the same program sharing its configuration /
//       working directory. The gate admits only temp, cache and XDG locations, so even the
//       `exists()` form is silent here. The code anticipates concurrent instances (it probes
//       writability instead of opening the real file).
// Contrast: `contrast_tmp` (temp_dir + `exists()` + early return) is reported (fs-toctou).
use std::fs;
use std::path::Path;

const DEFAULT_DATABASE_FILE: &str = "app.db";

pub fn default_database(configuration_directory: &Path) -> String {
    let db_path = configuration_directory.join(DEFAULT_DATABASE_FILE);
    if let Ok(true) = db_path.try_exists() {
        return format!("sqlite://{}", db_path.display());
    }
    if let Ok(probe) = fs::File::create(&db_path) {
        drop(probe);
        fs::remove_file(&db_path).expect("removing temp file");
        return format!("sqlite://{}?mode=rwc", db_path.display());
    }
    "sqlite://:memory:".to_owned()
}

// Contrast: reported (fs-toctou).
pub fn contrast_tmp() -> String {
    let db_path = std::env::temp_dir().join(DEFAULT_DATABASE_FILE);
    if db_path.exists() {
        return format!("sqlite://{}", db_path.display());
    }
    if let Ok(probe) = fs::File::create(&db_path) {
        drop(probe);
        fs::remove_file(&db_path).expect("removing temp file");
        return format!("sqlite://{}?mode=rwc", db_path.display());
    }
    "sqlite://:memory:".to_owned()
}
