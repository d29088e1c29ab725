//! Unit tests of the concurrency model: lock types, guard lifetimes in both editions,
//! awaits, atomics, data flow, calls and workspace resolution.

use super::*;
use crate::source::SourceFile;

fn model(src: &str, edition: Edition) -> (FileModel, SourceFile) {
    let sf = SourceFile::new("t.rs", src.to_string());
    let ast = crate::model::parse::parse(&sf.text).expect("parses");
    let m = build_file_model(&ast, &sf, edition);
    (m, sf)
}

fn f<'a>(m: &'a FileModel, name: &str) -> &'a FnModel {
    m.fns.iter().find(|f| f.name == name).unwrap_or_else(|| {
        panic!(
            "no fn {name}: {:?}",
            m.fns.iter().map(|f| &f.name).collect::<Vec<_>>()
        )
    })
}

/// (place, guard kind, release cause, released text after the release offset)
fn acqs(m: &FileModel, sf: &SourceFile, name: &str) -> Vec<(String, String, String)> {
    f(m, name)
        .acquisitions
        .iter()
        .map(|a| {
            let lc = sf.line_col(a.release);
            (
                a.place.text.clone(),
                format!("{:?}", a.guard),
                format!("{:?}@{}", a.release_cause, lc.line),
            )
        })
        .collect()
}

#[test]
fn temporary_guard_dies_at_end_of_statement() {
    let (m, sf) = model(
        "fn f(m: &Mutex<u32>) {\n let n = *m.lock().unwrap();\n *m.lock().unwrap() = n + 1;\n}\n",
        Edition::E2021,
    );
    let a = acqs(&m, &sf, "f");
    assert_eq!(a.len(), 2);
    assert_eq!(a[0].1, "Temporary");
    assert_eq!(a[0].2, "EndOfStatement@2");
    assert_eq!(a[1].2, "EndOfStatement@3");
    let fm = f(&m, "f");
    // the two guards never overlap
    assert!(
        fm.held_at(fm.acquisitions[1].call_span.start)
            .next()
            .is_none()
    );
}

#[test]
fn let_pattern_binding_no_name_keeps_no_guard() {
    // `let () = ..` / a literal pattern (a fuzzed `let 5sers = ..`) binds nothing: the guard
    // is dropped at the end of the `let`, like `let _ = ..`, and has no (empty) name
    let (m, sf) = model(
        "fn f(m: &Mutex<()>, n: &Mutex<u8>) {\n let () = m.lock().unwrap();\n let 5u8 = n.lock().unwrap() else { return };\n m.lock().unwrap();\n}\n",
        Edition::E2021,
    );
    let a = acqs(&m, &sf, "f");
    assert_eq!(a.len(), 3);
    for g in &a {
        assert_ne!(g.1, "Named(\"\")", "{a:?}");
    }
    assert_eq!(a[0].1, "Discarded", "{a:?}");
    assert_eq!(a[1].1, "Discarded", "{a:?}");
}

#[test]
fn let_guard_lives_to_block_end_or_drop() {
    let src = "fn f(m: &Mutex<u32>) {\n let g = m.lock().unwrap();\n {\n  let h = m.lock().unwrap();\n }\n drop(g);\n let _ = m.lock();\n let _k = m.lock();\n}\n";
    let (m, sf) = model(src, Edition::E2021);
    let a = acqs(&m, &sf, "f");
    assert_eq!(a[0].1, "Named(\"g\")");
    assert_eq!(a[0].2, "Drop@6");
    assert_eq!(a[1].1, "Named(\"h\")");
    assert_eq!(a[1].2, "EndOfBlock@5");
    assert_eq!(a[2].1, "Discarded");
    assert_eq!(a[2].2, "Discarded@7");
    assert_eq!(a[3].1, "Named(\"_k\")");
    assert_eq!(a[3].2, "EndOfBlock@9");
}

#[test]
fn guard_moved_into_call_or_reassigned() {
    let src = "fn f(m: &Mutex<u32>) {\n let mut g = m.lock().unwrap();\n consume(g);\n g = m.lock().unwrap();\n g = other();\n}\n";
    let (m, sf) = model(src, Edition::E2021);
    let a = acqs(&m, &sf, "f");
    assert_eq!(a[0].2, "Moved@3");
    assert_eq!(a[1].1, "Named(\"g\")");
    assert_eq!(a[1].2, "Reassigned@5");
}

#[test]
fn match_scrutinee_lives_through_match() {
    let src = "fn f(m: &Mutex<HashMap<u32, u32>>) {\n match m.lock().unwrap().get(&1) {\n  None => { m.lock().unwrap().insert(1, 1); }\n  Some(_) => {}\n }\n x();\n}\n";
    let (m, sf) = model(src, Edition::E2021);
    let a = acqs(&m, &sf, "f");
    assert_eq!(a[0].2, "EndOfMatch@5");
    let fm = f(&m, "f");
    let inner = &fm.acquisitions[1];
    assert!(fm.acquisitions[0].live_at(inner.call_span.start));
}

#[test]
fn if_condition_is_a_temporary_scope_but_if_let_depends_on_edition() {
    let src = "fn f(m: &Mutex<Option<u32>>) {\n if m.lock().unwrap().is_some() {\n  m.lock();\n }\n if let Some(x) = *m.lock().unwrap() {\n  a();\n } else {\n  m.lock();\n }\n x();\n}\n";
    let (m21, sf) = model(src, Edition::E2021);
    let a = acqs(&m21, &sf, "f");
    assert_eq!(a[0].2, "EndOfCondition@2");
    // 2021: the if-let scrutinee guard lives through the else block
    assert_eq!(a[2].2, "EndOfStatement@9");
    let fm = f(&m21, "f");
    assert!(fm.acquisitions[2].live_at(fm.acquisitions[3].call_span.start));
    let (m24, sf) = model(src, Edition::E2024);
    let a = acqs(&m24, &sf, "f");
    assert_eq!(a[2].2, "EndOfThenBlock@7");
    let fm = f(&m24, "f");
    assert!(!fm.acquisitions[2].live_at(fm.acquisitions[3].call_span.start));
}

#[test]
fn tail_expression_temporaries_depend_on_edition() {
    let src = "fn f(m: &Mutex<u32>) -> u32 {\n let v = {\n  *m.lock().unwrap()\n };\n v\n}\n";
    let (m21, sf) = model(src, Edition::E2021);
    assert_eq!(acqs(&m21, &sf, "f")[0].2, "EndOfStatement@4");
    let (m24, sf) = model(src, Edition::E2024);
    // 2024: dropped at the end of the block, before the `let` ends
    let fm = f(&m24, "f");
    let lc = sf.line_col(fm.acquisitions[0].release);
    assert_eq!(lc.line, 4);
    assert_eq!(lc.column, 3);
}

#[test]
fn awaits_and_async_acquisition() {
    let src = "async fn f(s: &tokio::sync::Mutex<u32>) {\n let n = *s.lock().await;\n work().await;\n *s.lock().await = n + 1;\n}\n";
    let (m, _sf) = model(src, Edition::E2021);
    let fm = f(&m, "f");
    assert!(fm.is_async);
    assert_eq!(fm.awaits.len(), 3);
    assert!(fm.acquisitions.iter().all(|a| a.awaited));
    let (a, b) = (&fm.acquisitions[0], &fm.acquisitions[1]);
    assert_eq!(fm.awaits_between(a.release, b.call_span.start).count(), 1);
    // the acquisition's own `.await` does not count as holding the guard across an await
    assert!(fm.awaits.iter().all(|aw| !a.live_at(aw.start)));
}

#[test]
fn guard_held_across_await() {
    let src = "async fn f(m: &std::sync::Mutex<u32>) {\n let g = m.lock().unwrap();\n work().await;\n drop(g);\n}\n";
    let (m, _) = model(src, Edition::E2021);
    let fm = f(&m, "f");
    let aw = fm.awaits[0];
    assert_eq!(fm.held_at(aw.start).count(), 1);
}

#[test]
fn atomics_with_orderings() {
    let src = "fn f(c: &AtomicUsize) {\n let v = c.load(Ordering::Relaxed);\n c.store(v + 1, Ordering::Release);\n c.fetch_add(1, SeqCst);\n}\n";
    let (m, _) = model(src, Edition::E2021);
    let fm = f(&m, "f");
    let ops: Vec<(&str, &[String])> = fm
        .atomics
        .iter()
        .map(|o| (o.op.as_str(), o.orderings.as_slice()))
        .collect();
    assert_eq!(ops.len(), 3);
    assert_eq!(ops[0].0, "load");
    assert_eq!(ops[0].1, ["Relaxed".to_string()]);
    assert_eq!(ops[1].0, "store");
    assert_eq!(ops[2].1, ["SeqCst".to_string()]);
    // data flow: the stored value comes from the load
    let load = fm.atomics[0].span;
    let store_arg = fm.atomics[1].args[0];
    let _ = store_arg;
    assert_eq!(
        fm.flows_from(&["v".to_string()], fm.atomics[1].span.start, &|s| s
            .encloses(load)),
        Some(load)
    );
}

#[test]
fn closures_spawned_are_separate_contexts() {
    let src = "fn f(m: Arc<Mutex<u32>>) {\n let m2 = m.clone();\n let g = m.lock().unwrap();\n std::thread::spawn(move || { *m2.lock().unwrap() += 1; });\n v.iter().for_each(|x| { m.lock(); });\n}\n";
    let (m, _) = model(src, Edition::E2021);
    let outer = f(&m, "f");
    let spawned = m.fns.iter().find(|x| x.spawned).expect("spawned closure");
    assert_eq!(spawned.parent, Some(0));
    assert_eq!(spawned.acquisitions.len(), 1);
    let inline = m
        .fns
        .iter()
        .find(|x| x.kind == FnKind::Closure && !x.spawned)
        .expect("inline closure");
    assert_eq!(inline.acquisitions.len(), 1);
    // the inline closure is a call made while `g` is held
    let call = outer
        .calls
        .iter()
        .find(|c| matches!(c.callee, Callee::Closure { .. }))
        .unwrap();
    assert_eq!(outer.held_at(call.span.start).count(), 1);
    // the spawned closure's `m2` resolves to the same lock as `m`
    let r = Resolver::new(&m.index);
    let si = m.fns.iter().position(|x| x.spawned).unwrap();
    let res = r
        .resolve(&m.fns, si, &spawned.acquisitions[0].place)
        .expect("resolves");
    assert!(res.ty.lock().is_some());
    assert_eq!(res.identity, "f::m");
}

#[test]
fn struct_fields_resolve_across_files() {
    let a = "struct Bank { inner: Arc<Inner> }\nimpl Bank { fn f(&self) { self.inner.state.lock(); } }\n";
    let b = "use tokio::sync::Mutex;\nstruct Inner { state: Mutex<State> }\n";
    let (ma, _) = model(a, Edition::E2021);
    let (mb, _) = model(b, Edition::E2021);
    // one file alone cannot tell
    let r = Resolver::new(&ma.index);
    assert!(
        r.resolve(&ma.fns, 0, &ma.fns[0].acquisitions[0].place)
            .is_none()
    );
    let mut merged = ma.index.clone();
    merged.merge(&mb.index);
    let r = Resolver::new(&merged);
    let res = r
        .resolve(&ma.fns, 0, &ma.fns[0].acquisitions[0].place)
        .unwrap();
    assert_eq!(res.identity, "Inner.state");
    assert!(res.ty.lock().unwrap().is_async);
}

#[test]
fn statics_and_wrappers() {
    let src = "static COUNTER: Mutex<u32> = Mutex::new(0);\nlazy_static! { static ref MAP: RwLock<HashMap<u32, u32>> = RwLock::new(HashMap::new()); }\nstruct S { state: Mutex<u32> }\nimpl S {\n fn state(&self) -> MutexGuard<'_, u32> { self.state.lock().unwrap() }\n fn g(&self) { let a = self.state(); let b = COUNTER.lock(); MAP.read(); }\n}\n";
    let (m, _) = model(src, Edition::E2021);
    assert!(m.index.statics["MAP"].ty.lock().is_some());
    let g = f(&m, "S::g");
    assert_eq!(g.acquisitions.len(), 3);
    assert_eq!(g.acquisitions[0].wrapper.as_deref(), Some("self.state"));
    assert_eq!(g.acquisitions[0].place.text, "self.state");
    let r = Resolver::new(&m.index);
    let gi = m.fns.iter().position(|x| x.name == "S::g").unwrap();
    assert_eq!(
        r.resolve(&m.fns, gi, &g.acquisitions[0].place)
            .unwrap()
            .identity,
        "S.state"
    );
    assert_eq!(
        r.resolve(&m.fns, gi, &g.acquisitions[1].place)
            .unwrap()
            .identity,
        "static COUNTER"
    );
    assert_eq!(g.acquisitions[2].mode, Mode::Shared);
    // a wrapper's guard bound by `let` lives to the end of the block
    assert_eq!(g.acquisitions[0].guard, GuardKind::Named("a".into()));
    assert_eq!(g.acquisitions[0].release, g.body.end);
}

#[test]
fn guard_returning_helpers() {
    let src = r#"
trait Ext<T> { fn rl(&self) -> RwLockReadGuard<'_, T>; fn wl(&self) -> RwLockWriteGuard<'_, T>; }
impl<T> Ext<T> for RwLock<T> {
    fn rl(&self) -> RwLockReadGuard<'_, T> { self.read().unwrap() }
    fn wl(&self) -> RwLockWriteGuard<'_, T> { self.write().unwrap() }
}
struct G<'a> { g: MutexGuard<'a, u32>, n: u8 }
struct S { inner: Inner, m: Mutex<u32>, peers: RwLock<Vec<u32>> }
impl S {
    fn lock_m(&self) -> MutexGuard<'_, u32> { self.inner.m.lock().unwrap() }
    fn lock_m_m(&self) -> MutexGuard<'_, u32> { self.lock_m() }
    fn boxed(&self) -> Box<MutexGuard<'_, u32>> { Box::new(self.m.lock().unwrap()) }
    fn tagged(&self) -> G<'_> { G { g: self.m.lock().unwrap(), n: 1 } }
    fn view(&self) -> impl Deref<Target = u32> + '_ { self.m.lock().unwrap() }
    fn peers_w(&self) -> RwLockWriteGuard<'_, Vec<u32>> { self.peers.wl() }
    fn value(&self) -> u32 { *self.m.lock().unwrap() }
    fn with_arg(&self, i: usize) -> MutexGuard<'_, u32> { self.m.lock().unwrap() }
    fn f(&self) {
        let a = self.lock_m_m();
        self.boxed();
        self.tagged();
        self.view();
        self.peers.rl();
        self.peers_w();
        self.value();
    }
}
fn outside(s: &S, l: &RwLock<u32>) { let g = s.lock_m(); l.wl(); }
"#;
    let (m, _) = model(src, Edition::E2021);
    let w = |n: &str| m.index.wrappers.iter().find(|w| w.method == n);
    assert!(w("rl").unwrap().on_lock);
    assert_eq!(w("lock_m_m").unwrap().fields, ["inner", "m"]);
    assert_eq!(w("peers_w").unwrap().fields, ["peers"]);
    assert_eq!(w("peers_w").unwrap().lock_method, "write");
    // a value read under a guard is no wrapper; a helper's arguments that do not pick the
    // lock are counted
    assert!(w("value").is_none());
    assert_eq!(w("with_arg").unwrap().args, 1);
    assert_eq!(w("with_arg").unwrap().fields, ["m"]);
    let g = f(&m, "S::f");
    let got: Vec<(&str, Mode)> = g
        .acquisitions
        .iter()
        .map(|a| (a.place.text.as_str(), a.mode))
        .collect();
    assert_eq!(
        got,
        [
            ("self.inner.m", Mode::Exclusive),
            ("self.m", Mode::Exclusive),
            ("self.m", Mode::Exclusive),
            ("self.m", Mode::Exclusive),
            ("self.peers", Mode::Shared),
            ("self.peers", Mode::Exclusive),
            // `self.value()` reads under its own guard: no guard comes back
        ]
    );
    assert_eq!(g.acquisitions[0].guard, GuardKind::Named("a".into()));
    assert_eq!(g.acquisitions[0].wrapper.as_deref(), Some("self.lock_m_m"));
    let o = f(&m, "outside");
    let got: Vec<&str> = o
        .acquisitions
        .iter()
        .map(|a| a.place.text.as_str())
        .collect();
    assert_eq!(got, ["s.inner.m", "l"]);
}

#[test]
fn critical_sections_are_exclusive_contexts() {
    let src = "fn f(c: &AtomicU32) {\n critical_section::with(|_| {\n  let x = c.load(Relaxed);\n  c.store(x + 1, Relaxed);\n });\n}\n";
    let (m, _) = model(src, Edition::E2021);
    let cl = m.fns.iter().find(|f| f.kind == FnKind::Closure).unwrap();
    let load = cl.atomics[0].span.start;
    let store = cl.atomics[1].span.start;
    assert!(cl.held_at(load).any(|a| a.mode == Mode::SharedRecursive));
    assert!(cl.held_at(store).count() == 1);
}

#[test]
fn renamed_paths_are_read_as_the_paths_they_stand_for() {
    // a renamed crate, a renamed function, a block's own rename; not a rename of another
    // thing, not a local named like the alias
    let src = "use critical_section as cs;\nmod m { pub fn with(f: impl FnOnce(())) { f(()) } }\n\
fn f(c: &AtomicU32) {\n cs::with(|cs| {\n  let x = c.load(Relaxed);\n  c.store(x + 1, Relaxed);\n });\n}\n\
fn g(c: &AtomicU32) {\n use self::m as cs;\n cs::with(|_| {\n  let x = c.load(Relaxed);\n  c.store(x + 1, Relaxed);\n });\n}\n";
    let (m, _) = model(src, Edition::E2021);
    let closures: Vec<&FnModel> = m.fns.iter().filter(|f| f.kind == FnKind::Closure).collect();
    assert_eq!(closures.len(), 2);
    let held = |cl: &FnModel| cl.held_at(cl.atomics[0].span.start).count();
    assert_eq!(held(closures[0]), 1);
    assert_eq!(held(closures[1]), 0);
    let mut ast = syn::parse_file(
        "use std::fs::remove_file as rm;\nfn h(rm2: u8) { rm(\"p\"); let rm = 1; let _ = rm; }",
    )
    .unwrap();
    crate::model::parse::resolve_renames(&mut ast, "use std::fs::remove_file as rm;");
    let text = quote::quote!(#ast).to_string().replace(' ', "");
    assert!(text.contains("std::fs::remove_file(\"p\")"), "{text}");
    assert!(
        text.contains("let_=rm;") || text.contains("_=rm;"),
        "{text}"
    );
}

#[test]
fn cfg_alternative_lets_are_one_binding() {
    let src = "fn f(m: &Mutex<u32>) {\n #[cfg(feature = \"std\")]\n let g = m.lock().unwrap();\n #[cfg(not(feature = \"std\"))]\n let g = m.lock();\n}\n";
    let (m, _) = model(src, Edition::E2021);
    assert_eq!(f(&m, "f").acquisitions.len(), 1);
}

#[test]
fn renamed_imports_are_classified_by_their_real_name() {
    let src = "use parking_lot::Mutex as PlMutex;\nstruct S { v: PlMutex<u64> }\n";
    let (m, _) = model(src, Edition::E2021);
    let lock = m.index.structs["S"]["v"].lock().expect("a lock");
    assert_eq!(lock.origin, "parking_lot");
}

#[test]
fn self_exclusive_and_param_types() {
    let src = "impl S { fn a(&mut self) {} fn b(&self) {} fn c(self) {} }\n";
    let (m, _) = model(src, Edition::E2021);
    assert!(f(&m, "S::a").self_exclusive);
    assert!(!f(&m, "S::b").self_exclusive);
    assert!(f(&m, "S::c").self_exclusive);
}

#[test]
fn a_type_that_is_not_sync_holds_self_in_its_synchronous_methods() {
    let src = "use std::cell::Cell; use std::rc::Rc; use std::sync::Mutex;
struct Inner { c: Option<Rc<u8>> }
struct S { m: Mutex<u8>, inner: Inner }
impl S { fn a(&self) { let run = || {}; run(); std::thread::spawn(|| {}); } async fn b(&self) {} }
struct Marked { m: Mutex<u8>, c: std::cell::RefCell<u8> }
unsafe impl Sync for Marked {}
impl Marked { fn a(&self) {} }
struct Cell2<T> { v: T }
struct Own { cells: Vec<Cell2<u8>>, p: std::marker::PhantomData<*const ()> }
impl Own { fn a(&self) {} }
struct Grid { cells: Vec<Cell<u8>> }
struct Cell { v: u8 }
impl Grid { fn a(&self) {} }
";
    let (m, _) = model(src, Edition::E2021);
    assert!(f(&m, "S::a").self_exclusive);
    // the closure run in place holds it too, not the spawned one nor an async method
    let closures: Vec<bool> = m
        .fns
        .iter()
        .filter(|g| g.name.starts_with("S::a::"))
        .map(|g| g.self_exclusive)
        .collect();
    assert_eq!(closures, [true, false]);
    assert!(!f(&m, "S::b").self_exclusive);
    assert!(!f(&m, "Marked::a").self_exclusive);
    assert!(f(&m, "Own::a").self_exclusive);
    // a struct of the file's own named `Cell` is not `std::cell::Cell`
    assert!(!f(&m, "Grid::a").self_exclusive);
    let why = super::actors::not_sync(&m.index, "S").unwrap();
    assert!(why.contains("`Inner`"), "{why}");
}

#[test]
fn facts_render() {
    let src =
        "async fn f(m: &std::sync::Mutex<u32>) {\n let g = m.lock().unwrap();\n work().await;\n}\n";
    let (m, sf) = model(src, Edition::E2021);
    let text = facts::render_text(&m, &sf);
    assert!(text.contains("acquire #0 `m`.lock()"), "{text}");
    assert!(
        text.contains("3:") && text.contains(".await holding #0"),
        "{text}"
    );
    assert!(text.contains("release #0 (EndOfBlock)"), "{text}");
    let json = facts::render_json(&m, &sf);
    assert_eq!(json["fns"][0]["acquisitions"][0]["method"], "lock");
}

/// The sorted function index answers exactly what a scan of every function answers, for
/// every span of a file with nested functions, closures, async blocks and impl methods.
#[test]
fn fn_enclosing_agrees_with_a_scan() {
    let src = r#"
fn a() { let c = |x| { let d = move || x + 1; d() }; c(1); }
struct S;
impl S {
    fn m(&self) { fn inner() { let z = async { 1 }; } let q = |y| y; }
    async fn n(&self) { let f = async move { (|| 2)() }; f.await; }
}
fn b() {}
mod k { pub fn c() { std::thread::spawn(|| { let v = || 3; v() }); } }
"#;
    let (m, _) = model(src, Edition::E2021);
    assert!(m.fns.len() >= 12, "{}", m.fns.len());
    let mut checked = 0;
    for start in 0..src.len() {
        for len in [0, 1, 3, 17, 60] {
            let sp = crate::diagnostic::Span::new(start, (start + len).min(src.len()));
            assert_eq!(m.fn_enclosing(sp), innermost_fn(&m.fns, sp), "{sp:?}");
            checked += 1;
        }
        assert_eq!(
            m.fn_containing(start),
            m.fns
                .iter()
                .enumerate()
                .filter(|(_, f)| f.span.contains(start))
                .min_by_key(|(_, f)| f.span.end - f.span.start)
                .map(|(i, _)| i)
        );
    }
    assert!(checked > 1000);
}

#[test]
fn name_use_index_answers_like_name_uses() {
    use crate::diagnostic::Span;
    let src = r#"
fn a(token: Token, n: u32) {
    let x = token.id;
    log!("{token} {n:?} {{token}} {tokens}");
    other!(token, n + 1, { token });
    let f = |token: u32| token + n;
    m::token(crate::token, <T>::token);
}
fn b(token: Token) { drop(token) }
"#;
    let file = crate::model::parse::parse(src).expect("parses");
    let idx = crate::model::writes::NameUses::of(&file);
    let whole = Span::new(0, src.len());
    let in_a = Span::new(src.find("fn a").unwrap(), src.find("fn b").unwrap());
    let tail = Span::new(src.find("other!").unwrap(), src.len());
    let nothing = Span::new(src.find("fn b").unwrap() + 1, src.find("fn b").unwrap() + 3);
    for name in ["token", "n", "tokens", "x", "f", "drop", "m", "missing"] {
        for within in [whole, in_a, tail, nothing] {
            let want = crate::model::writes::name_uses(&file, name, within);
            assert_eq!(idx.uses(name, within), want, "{name} in {within:?}");
            assert_eq!(
                idx.used_in(name, within),
                !want.is_empty(),
                "{name} in {within:?}"
            );
        }
    }
    // the spans are really there: `token` in `a` is read in the field access, the format
    // string, the macro tokens (twice), the closure body and `drop(token)` is in `b`
    assert_eq!(idx.uses("token", in_a).len(), 5);
    assert_eq!(idx.uses("tokens", whole).len(), 1);
}

#[test]
fn condvar_waits_notifies_and_their_context() {
    let src = "fn run(pair: &(Mutex<bool>, Condvar)) {
    let (lock, cvar) = pair;
    let mut g = lock.lock().unwrap();
    while !*g {
        g = cvar.wait(g).unwrap();
    }
    if !*g {
        cvar.wait(&mut g);
    }
    loop {
        if *g { break; }
        let (g2, _) = cvar.wait_timeout(g, d).unwrap();
    }
    cvar.notify_all();
    fn nested(n: &Notify) {}
}
";
    let (m, _) = model(src, Edition::E2021);
    let fm = f(&m, "run");
    use crate::model::condvar::WaitContext;
    let w: Vec<(&str, Option<&str>, bool, &WaitContext)> = fm
        .cv_waits
        .iter()
        .map(|w| (w.method.as_str(), w.guard.as_deref(), w.timeout, &w.context))
        .collect();
    assert_eq!(w.len(), 3);
    assert!(
        matches!(w[0], ("wait", Some("g"), false, WaitContext::While { reads, .. }) if reads.contains(&"g".to_string()))
    );
    assert!(matches!(
        w[1],
        (
            "wait",
            Some("g"),
            false,
            WaitContext::If {
                has_else: false,
                ..
            }
        )
    ));
    assert!(matches!(
        w[2],
        (
            "wait_timeout",
            Some("g"),
            true,
            WaitContext::Loop { checks: true }
        )
    ));
    assert_eq!(fm.notifies.len(), 1);
    assert_eq!(fm.notifies[0].method, "notify_all");
    // a function nested in a body is a function of its own
    assert!(m.fns.iter().any(|g| g.name == "nested"));
}

#[test]
fn notified_future_inline_or_created_before() {
    let src = "async fn a(n: &Notify, f: &AtomicBool) {
    while !f.load(Acquire) { n.notified().await; }
    let early = n.notified();
    early.await;
}
";
    let (m, _) = model(src, Edition::E2021);
    let fm = f(&m, "a");
    let v: Vec<(bool, bool)> = fm
        .notified
        .iter()
        .map(|w| (w.inline, w.context.after_check()))
        .collect();
    assert_eq!(v, vec![(true, true), (false, false)]);
}

#[test]
fn function_summaries_apply_at_call_sites() {
    let src = r#"
use std::sync::{Mutex, RwLock};
use std::sync::atomic::{AtomicU64, Ordering};
struct A { m: Mutex<u64>, r: RwLock<Vec<u8>>, c: AtomicU64 }
impl A {
    fn r(&self) -> &RwLock<Vec<u8>> { &self.r }
    fn get(&self) -> u64 { *self.m.lock().unwrap() }
    fn set(&self, v: u64) { *self.m.lock().unwrap() = v; }
    fn add(&self, d: u64) { *self.m.lock().unwrap() += d }
    fn take(&self) -> Option<u8> { self.r.write().unwrap().pop() }
    fn count(&self) -> u64 { self.c.load(Ordering::Acquire) }
    fn put(&self, v: u64) { self.c.store(v, Ordering::Release) }
    fn go(&self, x: u64) {
        let _g = self.r().read().unwrap();
        let b = self.get();
        self.set(b + x);
        self.add(1);
        self.take();
        let n = self.count();
        self.put(n);
    }
}
"#;
    let (m, _) = model(src, Edition::E2021);
    let summaries: Vec<(&str, String)> = m
        .index
        .summaries
        .iter()
        .map(|s| (s.name.as_str(), format!("{:?}", s.effect)))
        .collect();
    // `add` (the whole update under one guard) and `take` (a read and a write at once): none
    let names: Vec<&str> = summaries.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["r", "get", "set", "count", "put"]);
    let go = f(&m, "A::go");
    assert_eq!(go.acquisitions[0].place.text, "self.r");
    assert_eq!(
        go.acquisitions.len(),
        1,
        "helper calls take no lock in the caller"
    );
    let acc: Vec<(String, bool, Option<&str>)> = go
        .helper_accesses
        .iter()
        .map(|h| {
            (
                h.place.text.clone(),
                h.write,
                h.value.map(|v| &src[v.start..v.end]),
            )
        })
        .collect();
    assert_eq!(
        acc,
        [
            ("self.m".to_string(), false, None),
            ("self.m".to_string(), true, Some("b + x"))
        ]
    );
    let ops: Vec<(String, String, Option<String>)> = go
        .atomics
        .iter()
        .map(|a| (a.place.text.clone(), a.op.clone(), a.via.clone()))
        .collect();
    assert_eq!(
        ops,
        [
            ("self.c".into(), "load".into(), Some("self.count".into())),
            ("self.c".into(), "store".into(), Some("self.put".into()))
        ]
    );
    assert_eq!(go.own_atomics().count(), 0);
}

#[test]
fn held_at_index_agrees_with_a_scan_of_every_guard() {
    // nested blocks, temporaries, drops, a scrutinee living through its match, and a run of
    // guards all alive at once: the interval index answers as the scan does
    let mut src = String::from(
        "fn f(a: &Mutex<u32>, b: &Mutex<u32>, c: &RwLock<u32>) {\n let g = a.lock().unwrap();\n { let h = b.lock().unwrap(); let _ = *c.read().unwrap() + *h; drop(h); }\n match *c.read().unwrap() { 0 => { let _ = b.lock(); } _ => {} }\n drop(g);\n",
    );
    for i in 0..40 {
        src.push_str(&format!(
            " let _k{i} = a.lock().unwrap(); let _ = *b.lock().unwrap();\n"
        ));
    }
    src.push_str("}\n");
    let (m, _) = model(&src, Edition::E2021);
    let fm = f(&m, "f");
    for at in 0..src.len() {
        let indexed: Vec<usize> = fm.held_at(at).map(|a| a.id).collect();
        let scanned: Vec<usize> = fm
            .acquisitions
            .iter()
            .filter(|a| a.live_at(at))
            .map(|a| a.id)
            .collect();
        assert_eq!(indexed, scanned, "at offset {at}");
    }
    // the run of named guards: at the end every one is alive
    let end = src.len() - 3;
    assert_eq!(fm.held_at(end).count(), 40);
}

#[test]
fn held_at_reports_the_latest_guards_past_the_cap() {
    let mut src = String::from("fn f(a: &Mutex<u32>) {\n");
    for i in 0..(func::HELD_CAP + 10) {
        src.push_str(&format!(" let _k{i} = a.lock().unwrap();\n"));
    }
    src.push_str("}\n");
    let (m, _) = model(&src, Edition::E2021);
    let fm = f(&m, "f");
    let held: Vec<usize> = fm.held_at(src.len() - 3).map(|a| a.id).collect();
    let all = fm.acquisitions.len();
    let want: Vec<usize> = fm.acquisitions[all - func::HELD_CAP..]
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(held, want);
}

#[test]
fn atomic_values_uses_and_discarded_rmws() {
    let src = "fn a(c: &AtomicUsize) -> usize {\n c.fetch_add(1, SeqCst);\n c.load(SeqCst)\n}\nfn b(c: &AtomicUsize) {\n c.fetch_add(1, SeqCst);\n info!(\"{}\", c.load(SeqCst));\n if c.load(SeqCst) > 3 {}\n gauge(c.load(SeqCst))\n}\nfn w(c: &AtomicUsize) {\n while c.load(SeqCst) > 3 { yield_now(); }\n c.fetch_add(1, SeqCst);\n}\n";
    let sf = SourceFile::new("t.rs", src.to_string());
    let ast = crate::model::parse::parse(&sf.text).expect("parses");
    let m = build_file_model(&ast, &sf, Edition::E2021);
    let cx = FileSyntax {
        path: "t.rs",
        source: &sf,
        ast: &ast,
        model: &m,
    };
    let v = flags::values::collect(cx);
    // the three `fetch_add(..);` statements, each with the statements after it
    assert_eq!(v.discarded.len(), 3);
    assert_eq!(sf.slice(v.discarded[0].rest), "c.load(SeqCst)");
    let loads: Vec<crate::diagnostic::Span> = m
        .fns
        .iter()
        .flat_map(|f| f.atomics.iter())
        .filter(|o| o.op == "load")
        .map(|o| o.span)
        .collect();
    let uses: Vec<flags::Use> = loads.iter().map(|s| v.use_of(*s)).collect();
    use flags::Use::*;
    // returned; logged; tested; a `()` function's tail (other); the wait loop's condition
    assert_eq!(uses, vec![Returned, Logged, Tested, Other, Tested]);
    // the wait loop knows the statements after it
    let loops = flags::wait_loop::collect(cx);
    assert_eq!(loops.len(), 1);
    assert_eq!(loops[0].rest.len(), 1);
}

#[test]
fn closures_past_the_cap_are_not_modelled() {
    let mut src = String::from("fn f(a: &Mutex<u32>) {\n");
    for i in 0..(func::MAX_CLOSURES + 10) {
        src.push_str(&format!(" let _c{i} = || 1;\n"));
    }
    src.push_str(" let _last = || { let _g = a.lock().unwrap(); };\n}\n");
    let (m, _) = model(&src, Edition::E2021);
    // the enclosing function and the first MAX_CLOSURES closures; the last one's lock is
    // not seen
    assert_eq!(m.fns.len(), func::MAX_CLOSURES + 1);
    assert!(m.fns.iter().all(|f| f.acquisitions.is_empty()));
}

#[test]
fn module_paths_tell_same_named_structs_apart() {
    use super::module_path;
    assert_eq!(
        module_path("tokio/src/runtime/blocking/pool.rs"),
        "blocking::pool"
    );
    assert_eq!(
        module_path("tokio/src/runtime/park/mod.rs"),
        "runtime::park"
    );
    assert_eq!(module_path("crates/store/src/lib.rs"), "store");
    assert_eq!(module_path("crates/cli/src/main.rs"), "cli");
    assert_eq!(module_path("src/net.rs"), "net");
    assert_eq!(module_path("same_name_structs/disk.rs"), "disk");
}

/// A local dropped under a guard is a `drop_of` call of its type's `drop`: `drop(x)`, the end
/// of an upgraded `Arc`'s `if let` / `let .. else` scope, a struct literal's scope end; not a
/// value declared before the guard, one moved into a collection, nor a reference.
#[test]
fn drops_under_a_guard_are_calls() {
    let src = r#"
use std::collections::HashMap;
use std::sync::{Mutex, Weak};
static M: Mutex<HashMap<u64, Weak<S>>> = Mutex::new(HashMap::new());
pub struct S { id: u64 }
pub fn a() {
    let g = M.lock().unwrap();
    for w in g.values() {
        if let Some(s) = w.upgrade() {
            let _ = s.id;
        }
        let Some(t) = w.upgrade() else { continue };
        let _ = t.id;
    }
}
pub fn b(out: &mut Vec<S>) {
    let before = S { id: 0 };
    let g = M.lock().unwrap();
    let x = S { id: 1 };
    let y = S { id: 2 };
    let z = S { id: 3 };
    out.push(y);
    drop(z);
    let _ = (g.len(), x.id, before.id);
}
"#;
    let (m, sf) = model(src, Edition::E2021);
    let drops = |name: &str| -> Vec<(String, usize)> {
        f(&m, name)
            .calls
            .iter()
            .filter(|c| c.drop_of)
            .map(|c| {
                let (p, _) = c.method().expect("a method call");
                (p.text.clone(), sf.line_col(c.span.start).line)
            })
            .collect()
    };
    assert_eq!(
        drops("a"),
        vec![("s".to_string(), 11), ("t".to_string(), 14)]
    );
    assert_eq!(
        drops("b"),
        vec![("z".to_string(), 23), ("x".to_string(), 25)]
    );
}

#[test]
fn private_shared_fields() {
    let src = "use std::sync::Arc;\n\
        pub struct A { mine: Arc<M>, lent: Arc<M>, cloned: Arc<M>, pub open: Arc<M>, plain: M }\n\
        impl A {\n\
            fn new(lent: Arc<M>) -> A { A { mine: Arc::new(M), lent, cloned: Default::default(), open: Arc::new(M), plain: M } }\n\
            fn f(&self) { self.mine.get(); self.cloned.clone(); } // self.mine.clone()\n\
        }\n\
        #[derive(Clone)] pub struct B { inner: Arc<M> }\n";
    let (m, _) = model(src, Edition::E2021);
    assert_eq!(
        m.private_fields,
        vec![("A".to_string(), "mine".to_string())]
    );
}

#[test]
fn sequential_calls_and_owned_locals() {
    let src = "async fn start(seed: u8, other: &C) {\n\
            let c = Client::new(seed);\n\
            c.join(1).await?;\n\
            c.stop();\n\
            let d = Client::new(seed);\n\
            let fut = d.join(2);\n\
            other.join(3).await;\n\
            let e = Client { seed };\n\
            e.join(4).await;\n\
            let g = Arc::new(Client::new(seed));\n\
            g.join(5).await;\n\
        }\n";
    let (m, sf) = model(src, Edition::E2021);
    let calls: Vec<(String, bool)> = m
        .seq_calls
        .iter()
        .map(|c| (sf.text[c.span.start..c.span.end].to_string(), c.owned))
        .collect();
    assert_eq!(
        calls,
        vec![
            ("c.join(1)".to_string(), true),
            ("c.stop()".to_string(), true),
            ("other.join(3)".to_string(), false),
            ("e.join(4)".to_string(), true),
            ("g.join(5)".to_string(), true),
        ]
    );
    let ctors: Vec<Option<&str>> = m.seq_calls.iter().map(|c| c.ctor.as_deref()).collect();
    assert_eq!(
        ctors,
        vec![
            Some("Client::new"),
            Some("Client::new"),
            None,
            None,
            Some("Arc::new")
        ]
    );
}

#[test]
fn value_constructors() {
    let src = "impl C {\n\
            fn new() -> Self { C }\n\
            async fn connect(a: u8) -> Result<C, E> { Ok(C) }\n\
            fn shared() -> Arc<Self> { Arc::new(C) }\n\
            fn global() -> &'static C { &G }\n\
            fn get(&self) -> Self { C }\n\
        }\n\
        impl Default for C { fn default() -> Self { C } }\n";
    let (m, _) = model(src, Edition::E2021);
    assert_eq!(
        m.value_ctors,
        vec!["C::connect".to_string(), "C::new".to_string()]
    );
}

#[test]
fn channel_facts_know_bounds_awaits_and_races() {
    let src = r#"
use tokio::sync::{mpsc, oneshot};
use std::time::Duration;
pub async fn run(mut rx: mpsc::Receiver<u8>, tx: mpsc::Sender<u8>, u: mpsc::UnboundedSender<oneshot::Sender<u8>>) {
    let (a, b) = mpsc::channel::<u8>(4);
    let (c, d) = mpsc::unbounded_channel::<u8>();
    let (s, r) = std::sync::mpsc::sync_channel::<u8>(1);
    let (w, _x) = tokio::sync::watch::channel(0u8);
    while let Some(v) = rx.recv().await {
        tx.send(v).await.unwrap();
        let _ = tx.try_send(v);
        let (otx, orx) = oneshot::channel();
        u.send(otx).unwrap();
        let _ = orx.await;
        tokio::select! {
            _ = tx.send(v) => {}
            Some(m) = rx.recv() => { tx.send(m).await.unwrap(); }
        }
        let _ = tokio::time::timeout(Duration::from_secs(1), tx.send(v)).await;
    }
    drop((a, b, c, d, s, r, w));
}
"#;
    let (m, _) = model(src, Edition::E2021);
    let news: Vec<(Option<String>, bool, Option<bool>)> = m
        .channels
        .news
        .iter()
        .map(|n| (n.tx.clone(), n.oneshot, n.bounded))
        .collect();
    assert_eq!(
        news,
        vec![
            (Some("a".into()), false, Some(true)),
            (Some("c".into()), false, Some(false)),
            (Some("s".into()), false, Some(true)),
            (Some("otx".into()), true, None),
        ]
    );
    let ops: Vec<String> = m
        .channels
        .ops
        .iter()
        .map(|o| {
            format!(
                "{:?} {}.{} awaited={} raced={}",
                o.kind, o.endpoint.text, o.method, o.awaited, o.raced
            )
        })
        .collect();
    assert_eq!(
        ops,
        vec![
            "Recv rx.recv awaited=true raced=false",
            "Send tx.send awaited=true raced=false",
            "Send u.send awaited=false raced=false",
            "Await orx.await awaited=true raced=false",
            "Send tx.send awaited=true raced=true",
            "Recv rx.recv awaited=true raced=true",
            "Send tx.send awaited=true raced=false",
            "Send tx.send awaited=true raced=true",
        ]
    );
    let carried = &m.channels.ops[2].carried;
    assert_eq!(carried, &vec!["otx".to_string()]);
}

/// A helper's callable parameter: called in a closure of the helper run over a map
/// reference, called with `.call`, handed on under a guard, or called after the guard is
/// dropped; not in a closure that is stored, nor one whose own argument shadows it.
#[test]
fn param_uses_follow_closures_run_in_place() {
    let (m, _) = model(
        "use dashmap::DashMap;\nuse std::sync::Mutex;\n\
         struct P { states: DashMap<u64, u32>, m: Mutex<Vec<u32>>, cbs: Mutex<Vec<Box<dyn Fn()>>> }\n\
         impl P {\n\
         fn with_mut<R>(&self, k: u64, f: impl FnOnce(&mut u32) -> R) -> Option<R> { self.states.get_mut(&k).map(|mut e| f(e.value_mut())) }\n\
         fn call_it<F: Fn(usize)>(&self, f: F) { let g = self.m.lock().unwrap(); f.call((g.len(),)); }\n\
         fn hand_on<F: Fn(usize)>(&self, f: F) { let g = self.m.lock().unwrap(); other(g.len(), f); }\n\
         fn after<F: Fn(usize)>(&self, f: F) { let g = self.m.lock().unwrap(); let n = g.len(); drop(g); f(n); }\n\
         fn store<F: Fn() + 'static>(&self, f: F) { let g = self.m.lock().unwrap(); self.cbs.lock().unwrap().push(Box::new(move || f())); drop(g); }\n\
         fn shadow<F: Fn(usize)>(&self, f: F, fs: Vec<fn(usize)>) { let g = self.m.lock().unwrap(); fs.iter().for_each(|f| f(g.len())); }\n\
         }\n\
         fn other<F: Fn(usize)>(n: usize, f: F) { f(n) }\n",
        Edition::E2021,
    );
    let uses = crate::model::func::param_uses(&m.fns);
    let of = |name: &str| -> Vec<(bool, usize)> {
        let i = m.fns.iter().position(|f| f.name == name).unwrap();
        uses.iter()
            .filter(|u| u.func == i)
            .map(|u| (u.passed_as.is_some(), u.held.len()))
            .collect()
    };
    // called in the `map` closure, under the shard reference `get_mut` gave (the `map`
    // call's argument also names `f`: a use handed to `map`, which resolves to no function)
    assert!(
        of("P::with_mut").contains(&(false, 1)),
        "{:?}",
        of("P::with_mut")
    );
    assert_eq!(of("P::call_it"), vec![(false, 1)]);
    assert_eq!(of("P::hand_on"), vec![(true, 1)]);
    // called after the guard is dropped: no use of `f` there holds a guard
    let after = of("P::after");
    assert!(
        after.contains(&(false, 0)) && after.iter().all(|&(_, held)| held == 0),
        "{after:?}"
    );
    assert!(of("P::store").is_empty());
    assert!(of("P::shadow").is_empty());
    // (a call of the parameter is also listed as handed on, with no guard: it resolves to no
    // function, so it adds nothing)
    let other = of("other");
    assert!(
        other.contains(&(false, 0)) && other.iter().all(|&(_, held)| held == 0),
        "{other:?}"
    );
}

/// A binding to an awaited call's answer records the locals the call only borrows; data flow
/// that carries the read's content does not pass through them, flow that merely reaches it does.
#[test]
fn answer_binding_records_lent_locals() {
    let src = r#"
async fn f(a: &Mutex<String>, n: &Mutex<u64>) {
    let cur = a.lock().await.clone();
    let since = *n.lock().await;
    let leader = check(&cur, cur2.as_str(), &mut m).await?;
    let page = fetch(since.into(), &cur).await.unwrap_or(dflt);
    if let Some(l) = leader {
        *a.lock().await = l;
    }
    *n.lock().await = page;
}
"#;
    let (m, sf) = model(src, Edition::E2021);
    let fnm = f(&m, "f");
    let b = |name: &str| {
        fnm.bindings
            .iter()
            .find(|b| b.names == [name])
            .unwrap_or_else(|| panic!("no binding {name}"))
    };
    assert!(b("leader").answer);
    assert_eq!(b("leader").lent, ["cur", "cur2"]);
    // `since` is given by value; `dflt` combined by a peel
    assert_eq!(b("page").lent, ["cur"]);
    assert!(b("cur").lent.is_empty());
    let init = |name: &str| b(name).init.unwrap();
    let at = |s: &str| sf.text.find(s).unwrap();
    let l = vec!["l".to_string()];
    assert!(
        fnm.flows_from(&l, at("*a.lock().await = l"), &|i| i == init("cur"))
            .is_some()
    );
    assert!(
        fnm.carried_from(&l, at("*a.lock().await = l"), &|i| i == init("cur"))
            .is_none()
    );
    let p = vec!["page".to_string()];
    assert!(
        fnm.carried_from(&p, at("*n.lock().await = page"), &|i| i == init("since"))
            .is_some()
    );
}

#[test]
fn watch_refs_are_read_guards_and_sends_write_locks() {
    let src = r#"
use std::cell::RefCell;
use tokio::sync::watch;
pub struct S { rx: watch::Receiver<u8>, tx: watch::Sender<u8>, c: RefCell<u8> }
impl S {
    #[tracing::instrument(skip(self), fields(a = ?self.rx.borrow(), b = %*self.c.borrow()))]
    pub fn f(&self) {
        let r = self.rx.borrow_and_update();
        let n = *self.rx.borrow() + *self.c.borrow();
        self.tx.send(n).ok();
        drop(r);
    }
}
"#;
    let (m, sf) = model(src, Edition::E2021);
    let got = acqs(&m, &sf, "S::f");
    assert_eq!(
        got,
        vec![
            // the `instrument` field: a temporary to the end of the attribute (line 6)
            (
                "self.rx".to_string(),
                "Temporary".to_string(),
                "EndOfStatement@6".to_string()
            ),
            (
                "self.rx".to_string(),
                "Named(\"r\")".to_string(),
                "Drop@11".to_string()
            ),
            (
                "self.rx".to_string(),
                "Temporary".to_string(),
                "EndOfStatement@9".to_string()
            ),
            (
                "self.tx".to_string(),
                "Temporary".to_string(),
                "EndOfStatement@10".to_string()
            ),
        ]
    );
    let modes: Vec<(Mode, bool)> = f(&m, "S::f")
        .acquisitions
        .iter()
        .map(|a| (a.mode, a.transient))
        .collect();
    assert_eq!(
        modes,
        vec![
            (Mode::Shared, false),
            (Mode::Shared, false),
            (Mode::Shared, false),
            (Mode::Exclusive, true)
        ]
    );
}

#[test]
fn a_guard_moved_into_a_wrapper_value_stays_held() {
    let src = r#"
use std::sync::Mutex;
pub struct Timed<T> { inner: T }
impl<T> Timed<T> { pub fn new(inner: T, _r: &str) -> Self { Self { inner } } }
pub struct Held<T>(T);
pub fn f(m: &Mutex<u8>, n: &Mutex<u8>) {
    let g = m.lock().unwrap();
    let t = Timed::new(g, "x");
    let h = match n.lock() { Ok(g) => Held(g), Err(_) => return };
    drop(t);
    let _ = h;
}
pub fn consumed(m: &Mutex<u8>) {
    let g = m.lock().unwrap();
    consume(g);
}
fn consume<T>(_: T) {}
"#;
    let (m, sf) = model(src, Edition::E2021);
    assert_eq!(
        acqs(&m, &sf, "f"),
        vec![
            (
                "m".to_string(),
                "Named(\"t\")".to_string(),
                "Drop@10".to_string()
            ),
            (
                "n".to_string(),
                "Named(\"h\")".to_string(),
                "EndOfBlock@12".to_string()
            ),
        ]
    );
    assert_eq!(
        acqs(&m, &sf, "consumed"),
        vec![(
            "m".to_string(),
            "Named(\"g\")".to_string(),
            "Moved@15".to_string()
        )]
    );
}

#[test]
fn exclusive_borrows_are_told_by_the_type() {
    let t = |text: &str| TypeInfo {
        class: TypeClass::Unknown,
        text: text.to_string(),
    };
    assert!(t("&mut HashMap<u8,u8>").exclusive_borrow());
    assert!(t("&'a mut Cache").exclusive_borrow());
    assert!(t("&mut[u8]").is_mut_ref());
    assert!(!t("&'a mut Arc<DashMap<u8,u8>>").exclusive_borrow());
    assert!(!t("&mut &HashMap<u8,u8>").exclusive_borrow());
    assert!(!t("&'a Cache").is_mut_ref());
    assert!(t("&'a Cache").is_shared_ref());
    assert!(!t("&mutex_like").is_mut_ref());
    assert!(!t("HashMap<u8,u8>").is_shared_ref());
}
