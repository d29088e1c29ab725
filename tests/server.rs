//! `racelint server` driven by a scripted LSP client: initialize, didOpen, the published
//! diagnostics (with the crate's other files read from disk), a code action for the
//! suggestion, didChange, shutdown and exit.

mod common;

use common::{A, B, CLEAN, tree};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
}

impl Client {
    fn start(dir: &std::path::Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_racelint"))
            .arg("server")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start racelint server");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("Content-Length")];
                r.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client { child, stdin, rx }
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, id: u64, method: &str, params: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id)
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn wait(&self, want: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .rx
                .recv_timeout(Duration::from_secs(60))
                .expect("a message from the server within 60 s");
            if want(&m) {
                return m;
            }
        }
    }

    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

#[test]
fn diagnostics_and_code_actions_over_lsp() {
    let d = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", "mod a;\nmod b;\n"),
        ("src/a.rs", CLEAN),
        ("src/b.rs", B),
    ]);
    let root = d.path().canonicalize().unwrap();
    let uri = format!("file://{}/src/a.rs", root.display());
    let mut c = Client::start(&root);
    let init = c.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}),
    );
    assert_eq!(
        init["result"]["capabilities"]["codeActionProvider"], true,
        "{init}"
    );
    c.notify("initialized", json!({}));

    // the editor's buffer, not the file on disk, is linted
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "rust", "version": 1, "text": A}}),
    );
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let diag = &diags[0];
    assert_eq!(diag["code"], "split-critical-section");
    assert_eq!(diag["source"], "racelint");
    assert_eq!(diag["severity"], 2);
    // line 4, column 13 in the JSON output: 0-based here
    assert_eq!(diag["range"]["start"], json!({"line": 3, "character": 12}));
    assert_eq!(
        diag["relatedInformation"][0]["location"]["range"]["start"]["line"],
        4
    );

    let actions = c.request(
        2,
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": diag["range"],
            "context": {"diagnostics": [diag]}
        }),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    assert_eq!(actions.len(), 1, "{actions:#?}");
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["isPreferred"], false);
    assert_eq!(action["data"]["applicability"], "maybe-incorrect");
    assert!(
        action["title"]
            .as_str()
            .unwrap()
            .ends_with("(maybe-incorrect)"),
        "{action}"
    );
    let edits = action["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(edits.len(), 2, "{edits:#?}");
    assert_eq!(edits[1]["newText"], "m.lock().unwrap().likes += 1");
    assert_eq!(
        edits[1]["range"]["start"],
        json!({"line": 4, "character": 4})
    );

    // fixed in the buffer: the finding goes
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": CLEAN}]}),
    );
    assert!(c.diagnostics(&uri).is_empty());
    // a syntax error is shown, not a crash
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": "fn broken( {\n"}]}),
    );
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["severity"], 1);
    // saved with the buffer again
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri}, "text": A}),
    );
    assert_eq!(c.diagnostics(&uri).len(), 1);
    // an unknown request is an error, not a hang
    let r = c.request(3, "textDocument/hover", json!({}));
    assert!(r["error"].is_object(), "{r}");

    let r = c.request(4, "shutdown", Value::Null);
    assert!(r["error"].is_null(), "{r}");
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success(), "{status}");
    // the crate's files went through the cache at the project root
    assert!(root.join(".racelint_cache").is_dir());
}

/// A finding of the workspace phase that points into the buffer (a lock-order cycle closed by
/// the unsaved buffer, the other order in a file on disk) is shown from the buffer: no "the
/// file changed while racelint ran" error because the buffer differs from the disk.
#[test]
fn a_cross_file_finding_in_an_unsaved_buffer_is_no_error() {
    let d = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", "mod a;\nmod b;\n"),
        ("src/a.rs", common::FLUSH),
        ("src/b.rs", "use crate::a::Store;\n"),
    ]);
    let root = d.path().canonicalize().unwrap();
    let uri = format!("file://{}/src/b.rs", root.display());
    let mut c = Client::start(&root);
    c.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "rust", "version": 1, "text": common::REBUILD}}),
    );
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["code"], "lock-order-inversion", "{diags:#?}");
    // closed: its findings are withdrawn
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(c.diagnostics(&uri).is_empty());
    let r = c.request(2, "shutdown", Value::Null);
    assert!(r["error"].is_null(), "{r}");
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}

/// A config racelint cannot use (an unknown key) is shown on the document, not swallowed: the
/// editor would otherwise show no finding and no reason.
#[test]
fn a_bad_config_is_shown_on_the_document() {
    let d = tree(&[
        (
            "Cargo.toml",
            "[package]\nname = \"p\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("racelint.toml", "selct = [\"double-lock\"]\n"),
        ("src/lib.rs", CLEAN),
    ]);
    let root = d.path().canonicalize().unwrap();
    let uri = format!("file://{}/src/lib.rs", root.display());
    let mut c = Client::start(&root);
    c.request(
        1,
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}),
    );
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "rust", "version": 1, "text": CLEAN}}),
    );
    let diags = c.diagnostics(&uri);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["severity"], 1);
    let message = diags[0]["message"].as_str().unwrap();
    assert!(message.contains("unknown key `selct`"), "{message}");
    assert_eq!(
        diags[0]["range"]["start"],
        json!({"line": 0, "character": 0})
    );
    let r = c.request(2, "shutdown", Value::Null);
    assert!(r["error"].is_null(), "{r}");
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}
