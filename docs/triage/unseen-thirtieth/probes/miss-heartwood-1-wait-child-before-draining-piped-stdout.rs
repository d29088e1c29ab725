// Probe (written from scratch) for a missed bug in radicle-dev/heartwood.
// Fix commit: 5fa677c5 "node: Fix worker fetch deadlock" (parent 4bf15bf7).
//
// What goes wrong: a fetch worker runs `git ls-remote` with `Stdio::piped()` stdout (and
// stderr, drained by a thread), pumps the tunnel until the connection closes, then calls
// `child.wait()` and only afterwards reads stdout. A repository with many refs writes more
// than the pipe buffer (64 KiB on Linux): git blocks writing stdout, never exits, and the
// worker blocks in `wait()` (or in the tunnel, which git no longer serves) for ever; the
// worker pool loses a thread per such fetch. The fix reads stdout on a scoped thread while the
// child runs and waits afterwards.
//
// What is missing: `Child::wait()` (`wait_with_output` drains the pipes and is fine) on a child
// whose `stdout`/`stderr` is `Stdio::piped()` and is read only after the wait (or never): the
// two processes wait for each other. It is the process form of wait-holding-lock /
// channel-wait-cycle. Expected: a finding at `child.wait()` in `ls_remote` (line 32), naming
// the piped stdout (line 25) read at line 35. No rule reports a near variant; there is no
// contrast.
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

pub fn ls_remote(repo: &str, pump_tunnel: impl FnOnce()) -> std::io::Result<Vec<String>> {
    let mut child = Command::new("git")
        .arg("ls-remote")
        .arg(repo)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()?;
    let stdout = child.stdout.take().unwrap();

    pump_tunnel();

    let status = child.wait()?;
    let mut refs = Vec::new();
    if status.success() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            refs.push(line);
        }
    }
    Ok(refs)
}
