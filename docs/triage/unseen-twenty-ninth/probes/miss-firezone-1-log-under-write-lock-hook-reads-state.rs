// Probe (written from scratch) for a missed bug in firezone/firezone.
// Fix commit: 380eff87 "fix(telemetry): avoid dead lock during `start` (#14050)"
// (parent de5ffd99).
//
// What goes wrong: the process-global telemetry state is a `static STATE:
// parking_lot::RwLock<State>`. `telemetry::start` took `STATE.write()` and, while holding it,
// logged (`tracing::info!("Starting telemetry")`, `tracing::debug!(..)`). Log records go
// through the Sentry tracing integration, whose `before_send_log` hook (installed by this
// crate) adds the user's account slug to every record by calling `current_account_slug()`,
// which takes `STATE.read()`. The read waits for the write guard held by the same thread:
// the app hangs at start (or when telemetry is re-pointed at another environment). The fix
// only exposes `try_read`/`try_write` on the state and holds the guard only around
// assignments.
//
// What is missing: a log macro (`tracing::info!`) is a call into the installed subscriber and
// its hooks; racelint treats it as inert. A hook closure the crate installs
// (`set_log_hook(|rec| ..)`) that locks the state is a callee of every log statement. With
// the read reached by a direct call under the write guard, the same self-deadlock is reported
// (`contrast_direct_read`, reported: double-lock).
use parking_lot::RwLock;
use std::sync::OnceLock;

pub struct State {
    env: Option<String>,
    account_slug: Option<String>,
}

static STATE: RwLock<State> = RwLock::new(State { env: None, account_slug: None });

type Hook = Box<dyn Fn(&mut String) + Send + Sync>;
static LOG_HOOK: OnceLock<Hook> = OnceLock::new();

pub fn current_account_slug() -> Option<String> {
    STATE.read().account_slug.clone()
}

pub fn install_log_hook() {
    let _ = LOG_HOOK.set(Box::new(|record: &mut String| {
        if let Some(slug) = current_account_slug() {
            record.push_str(&format!(" user.account_slug={slug}"));
        }
    }));
}

pub fn start(environment: &str) {
    let mut state = STATE.write();
    if state.env.as_deref() == Some(environment) {
        tracing::debug!(%environment, "Telemetry already initialised");
        return;
    }
    tracing::info!(%environment, "Starting telemetry");
    state.env = Some(environment.to_string());
}

// Contrast: reported (double-lock).
pub fn contrast_direct_read(environment: &str) {
    let mut state = STATE.write();
    if current_account_slug().is_none() {
        state.env = Some(environment.to_string());
    }
}
