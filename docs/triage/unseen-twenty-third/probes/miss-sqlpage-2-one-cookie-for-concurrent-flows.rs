// Probe (written from scratch) for a missed bug in sqlpage/SQLPage.
// Fix commit: a451c7e7 "Fix concurrent oidc login cookie overwrites" (#1018, parent 31a4c291).
//
// What races: the OIDC login start stores its per-flow state (CSRF token, nonce, the URL to
// return to) in ONE cookie with a constant name. A user who opens two protected pages in two
// tabs starts two login flows; the second redirect overwrites the first flow's cookie, so the
// first callback fails the CSRF check (or lands on the other tab's URL). The fix keys the
// cookie by the flow's state parameter.
//
// The shared state is the browser's cookie jar, a client-side store that two concurrent
// requests of one client share. racelint has no model of it, so this is outside every rule.
// What it would take: treat a response cookie with a constant name, written by a handler that
// starts a multi-request flow and read back by the flow's callback, as a single-slot store
// keyed by a constant (the store-level "check/read then overwrite" family: kv-get-then-set
// keyed by a constant instead of by the flow id). It should report at `login_start`'s
// `.cookie(..)` with the constant name.
use actix_web::{cookie::Cookie, http::header, HttpRequest, HttpResponse};

const STATE_COOKIE: &str = "app_oidc_state";

pub struct LoginState { pub csrf: String, pub return_to: String }

pub async fn login_start(req: HttpRequest) -> HttpResponse {
    let state = LoginState { csrf: random_token(), return_to: req.uri().to_string() };
    let value = format!("{}|{}", state.csrf, state.return_to);
    HttpResponse::SeeOther()
        .cookie(Cookie::build(STATE_COOKIE, value).path("/").http_only(true).finish())
        .insert_header((header::LOCATION, format!("https://idp.example/authorize?state={}", state.csrf)))
        .finish()
}

pub async fn callback(req: HttpRequest, state_param: String) -> HttpResponse {
    let Some(cookie) = req.cookie(STATE_COOKIE) else {
        return HttpResponse::BadRequest().finish();
    };
    let (csrf, return_to) = cookie.value().split_once('|').unwrap_or_default();
    if csrf != state_param {
        return HttpResponse::Unauthorized().body("Invalid CSRF token");
    }
    HttpResponse::SeeOther().insert_header((header::LOCATION, return_to.to_owned())).finish()
}

fn random_token() -> String { format!("{:x}", std::process::id()) }
