// Miss, yazi 8ec944db (parent adb14265): "introduce own CWD instead of chdir to
// avoid potential race conditions". Written from scratch. The UI task follows the active tab
// with `env::set_current_dir(tab_dir)` (and `env::set_var("PWD", ..)`). Search and shell tasks
// run concurrently on the runtime and spawn child processes that inherit the process-wide
// working directory, or resolve relative paths against `env::current_dir()`. A tab switch
// while a task starts runs `fd`/`rg`/a shell command in the wrong directory. (`set_var` while
// other threads read the environment is also a data race in libc.) The fix keeps the cwd in
// the program's own state and passes it to each `Command::current_dir`. No rule of racelint
// covers process-global state (the working directory, the environment) changed by one actor
// while others depend on it.
use std::env;
use std::path::PathBuf;
use std::process::Command;

pub struct Tab {
    pub dir: PathBuf,
}

// Actor 1: the UI task, on every tab switch.
pub fn on_tab_switch(tab: &Tab) {
    env::set_current_dir(&tab.dir).ok();
    env::set_var("PWD", &tab.dir);
}

// Actor 2: a search task started from a keypress, running concurrently.
pub fn spawn_search(pattern: String) {
    tokio::spawn(async move {
        let here = env::current_dir().unwrap_or_default();
        let _ = tokio::process::Command::new("fd").arg(pattern).arg(here).output().await;
    });
}

// Actor 3: a shell task; the child inherits the process cwd.
pub fn spawn_shell(cmd: String) {
    std::thread::spawn(move || {
        let _ = Command::new("sh").arg("-c").arg(cmd).status();
    });
}
