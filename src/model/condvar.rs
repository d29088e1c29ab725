//! Wait/notify facts: `Condvar` waits and notifies (std, parking_lot), tokio `Notify`
//! waits and notifies, and wakers registered by poll functions ([`WakerStore`]), collected by the model's one walk ([`super::func`]) into each
//! function's [`super::FnModel`]. The rules ask them which condvar a wait sleeps on, which
//! guard it hands over, what else is held there, and whether a loop re-checks the predicate.

use crate::diagnostic::Span;
use serde::{Deserialize, Serialize};

use super::Place;

/// The control construct around a wait, innermost first within the waiting function.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WaitContext {
    /// Directly in the function body: nothing re-checks.
    Plain,
    /// In the then-branch of `if cond { .. }` (not in a loop): checked once.
    If {
        cond: Span,
        /// Single-segment names the condition reads.
        reads: Vec<String>,
        /// The `if` has an `else` branch.
        has_else: bool,
    },
    /// In the body of `while cond { .. }`: the condition is checked again after each wake-up.
    While { cond: Span, reads: Vec<String> },
    /// In a `loop` / `for` body; `checks` when an `if`/`match` precedes the wait in that
    /// body (a re-check that `break`s or `return`s).
    Loop { checks: bool },
}

impl WaitContext {
    /// A loop wraps the wait: it runs again after a wake-up.
    pub fn in_loop(&self) -> bool {
        matches!(self, WaitContext::While { .. } | WaitContext::Loop { .. })
    }
    /// The wait runs after a check of shared state (a condition or a preceding `if`).
    pub fn after_check(&self) -> bool {
        match self {
            WaitContext::Plain => false,
            WaitContext::If { .. } | WaitContext::While { .. } => true,
            WaitContext::Loop { checks } => *checks,
        }
    }
}

/// `cv.wait(g)`, `cv.wait_while(g, p)`, `cv.wait_timeout(g, d)`, parking_lot's
/// `cv.wait(&mut g)`, `cv.wait_for(&mut g, d)`, `cv.wait_until(&mut g, t)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CondvarWait {
    pub condvar: Place,
    pub method: String,
    /// The method call (`cv.wait(g)`).
    pub span: Span,
    /// The name of the guard handed over (`g` of `wait(g)` / `wait(&mut g)`), when a name.
    pub guard: Option<String>,
    /// The guard argument.
    pub guard_span: Span,
    /// `wait_timeout*` / `wait_for` / `wait_until`: wakes up by itself.
    pub timeout: bool,
    /// `wait_while` / `wait_timeout_while` / parking_lot's `wait_while`: the predicate is
    /// re-checked by the condvar itself.
    pub with_predicate: bool,
    pub context: WaitContext,
    /// The acquisition (an index into the function's acquisitions) whose named guard the
    /// wait hands over, as the walk found it alive there. A guard rebound from the wait's
    /// result (`let g2 = cv.wait(g).unwrap()`) is renamed, so the name alone no longer finds
    /// it.
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub guard_acq: Option<usize>,
}

/// `cv.notify_one()` / `cv.notify_all()` on a Condvar, or tokio's `notify_one()` /
/// `notify_waiters()` / `notify_last()` on a `Notify` (told apart by the receiver's type in
/// the rules).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Notify {
    pub target: Place,
    pub method: String,
    pub span: Span,
}

/// `n.notified().await`: a tokio `Notified` future created and awaited in one expression
/// (`inline`), or created earlier (`let f = n.notified();` then `f.await`: `inline` false).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NotifiedWait {
    pub notify: Place,
    /// The `notified()` call.
    pub span: Span,
    /// Created and awaited in the same expression: it registers only when first polled.
    pub inline: bool,
    pub context: WaitContext,
}

/// A task's waker handed to shared state for another actor to wake it later
/// (`slot.register(cx.waker())`, `self.waker = Some(cx.waker().clone())`,
/// `g.wakers.push(w)` after `let w = cx.waker().clone()`): the registration half of a poll
/// that returns `Poll::Pending`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WakerStore {
    /// Where the waker goes: the method's receiver or the assigned place.
    pub target: Option<Place>,
    /// The receiver or the assigned place as written.
    pub target_span: Span,
    /// The registering call or assignment.
    pub span: Span,
    pub context: WaitContext,
}

/// Method names of a Condvar wait.
pub fn is_condvar_wait(method: &str) -> bool {
    matches!(
        method,
        "wait"
            | "wait_while"
            | "wait_timeout"
            | "wait_timeout_ms"
            | "wait_timeout_while"
            | "wait_for"
            | "wait_until"
            | "wait_while_for"
            | "wait_while_until"
    )
}

/// The wait wakes up by itself after a time.
pub fn is_timed(method: &str) -> bool {
    method.contains("timeout") || method.ends_with("_for") || method.ends_with("_until")
}

/// The wait re-checks a predicate itself.
pub fn has_predicate(method: &str) -> bool {
    method.contains("while")
}

/// Method names of a notify (Condvar or tokio `Notify`).
/// `event_listener::Event`'s notifications (`notify(n)`, `notify_additional(n)`, their
/// `_relaxed` forms): like tokio's `notify_waiters()`, they wake only listeners that exist.
pub fn is_listener_notify(method: &str) -> bool {
    matches!(
        method,
        "notify" | "notify_additional" | "notify_relaxed" | "notify_additional_relaxed"
    )
}

pub fn is_notify(method: &str) -> bool {
    matches!(
        method,
        "notify_one" | "notify_all" | "notify_waiters" | "notify_last"
    )
}

/// The guard argument of a Condvar wait whose result is the value (`cv.wait(g).unwrap()`,
/// `cv.wait_while(g, p)?`, `cv.wait_timeout(g, d).unwrap().0`, `match cv.wait(g) { Ok(g) =>
/// g, Err(p) => p.into_inner() }`): the wait hands the guard back, still locked. parking_lot's
/// `cv.wait(&mut g)` borrows the guard, which stays its owner's, and is no such value.
pub fn handed_back(e: &syn::Expr) -> Option<&syn::Expr> {
    waited_guard(e, false)
}

/// The same for a `wait_timeout*` whose value is the `(guard, timeout)` pair itself
/// (`let (g, t) = cv.wait_timeout(g, d).unwrap()`): its first element is the guard.
pub fn handed_back_in_pair(e: &syn::Expr) -> Option<&syn::Expr> {
    waited_guard(e, true)
}

fn waited_guard(e: &syn::Expr, pair: bool) -> Option<&syn::Expr> {
    let mut core = super::syntax::peel_guard_suffix(e);
    let mut first = false;
    if let syn::Expr::Field(f) = core
        && matches!(&f.member, syn::Member::Unnamed(i) if i.index == 0)
    {
        core = super::syntax::peel_guard_suffix(&f.base);
        first = true;
    }
    match core {
        syn::Expr::MethodCall(mc) => {
            let method = mc.method.to_string();
            let arg = mc.args.first()?;
            if !is_condvar_wait(&method)
                || matches!(super::syntax::peel_parens(arg), syn::Expr::Reference(_))
            {
                return None;
            }
            // std's `wait_timeout*` give `(guard, timeout)`
            let gives_pair = method.starts_with("wait_timeout");
            (gives_pair == (first || pair) && !(first && pair)).then_some(arg)
        }
        syn::Expr::Match(m)
            if !first
                && m.arms
                    .iter()
                    .all(|a| super::decisions::arm_yields_guard(&a.body)) =>
        {
            waited_guard(&m.expr, pair)
        }
        _ => None,
    }
}
