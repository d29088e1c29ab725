//! What a rule works with: the per-file context it reads and reports into.

use crate::diagnostic::Diagnostic;
use crate::model::{Edition, FileModel, Requirement};
use crate::source::SourceFile;

/// A diagnostic found in one file that only stands if the workspace facts confirm what it
/// assumed (for example that a receiver whose type is defined in another file is a lock).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    pub diag: Diagnostic,
    pub requires: Vec<Requirement>,
    /// What the finding assumed about code in other files, confirmed in the workspace
    /// phase (else the finding is dropped).
    #[serde(default, skip_serializing_if = "crate::model::stored::none")]
    pub via: Option<Deferred>,
}

/// An assumption of a candidate about code elsewhere in the workspace.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Deferred {
    /// A lost update through the application's data helpers: their summaries must show a
    /// read and an update of one table.
    Helpers(crate::model::data::summary::HelperRmw),
    /// A duplicate insert through the application's data helpers: their summaries must show a
    /// lookup of one table and an insert into it.
    HelperInsert(crate::model::data::summary::HelperCheckInsert),
    /// A found record consumed through a method of its type (`code.consume(&pool)`): the
    /// workspace's summaries must show that method deleting its own record.
    RecordDelete(crate::model::data::summary::RecordDelete),
    /// A read and a write through methods of an application type `ty`: each of `methods`
    /// must be a method of `ty` that takes `&self` (the object is shared, its own
    /// synchronisation covers one call, not the pair).
    SharedMethods { ty: String, methods: Vec<String> },
    /// A race between two runs of the named method `func` (an index into the file's
    /// functions) on one value: the check and the act reach their state through its `self`
    /// ([`crate::model::actors::self_run`]). Dropped when the workspace shows that every
    /// caller runs it on a value held exclusively
    /// ([`crate::model::actors::SoleWriters::exclusive_self`]).
    SelfRun { func: u32 },
}

/// What a file hands to the workspace rules besides its model: one typed field per rule
/// family whose workspace check needs facts the model does not keep.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct WorkspaceFacts {
    /// `relaxed-publication` / `relaxed-flag-store`: the file's waits on `Relaxed` loads,
    /// atomic stores, and the values acquiring loads observe.
    pub flags: Vec<super::flag_polling::relaxed::Fact>,
    /// `lock-order-inversion`: two adjacent `let`s that take named guards, with the edits that
    /// swap them (the fix that takes the second lock first).
    pub lock_swaps: Vec<super::lock_order::LockSwap>,
    /// `join-holding-lock`, `double-lock` through calls: per join or call made under a guard,
    /// the edits that release the guard before it.
    #[serde(default)]
    pub guard_releases: Vec<super::lock_order::GuardRelease>,
    /// `double-lock` through calls: functions whose body is one lock-then-read, and calls
    /// made under a named guard, joined in the workspace phase into the edit that reads
    /// through the held guard ([`super::lock_order::guard_inline`]).
    #[serde(default)]
    pub guard_reads: Vec<super::lock_order::guard_inline::GuardRead>,
    #[serde(default)]
    pub guard_uses: Vec<super::lock_order::guard_inline::GuardUse>,
    /// `db-check-then-insert` / `store-check-then-insert` (SQL): a duplicate insert that a
    /// unique constraint of the workspace may reject. Which constraints exist is known in the
    /// workspace phase (migrations are other files).
    #[serde(default)]
    pub unique_guards: Vec<UniqueGuard>,
    /// The data summaries of the file's functions ([`crate::model::data::summary`]): what
    /// table each helper reads by which key, what it inserts. Joined in the workspace phase
    /// by the called path.
    #[serde(default)]
    pub data_summaries: Vec<crate::model::data::summary::DataSummary>,
    /// Functions whose data accesses all run on one connection behind a held guard, or on
    /// one parameter ([`crate::model::data::serial`]): their check and act are serialised,
    /// which for a parameter the callers decide.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub serial_fns: Vec<crate::model::data::serial::SerialFn>,
    /// The calls' arguments that are guarded connections or parameters.
    #[serde(default, skip_serializing_if = "crate::model::stored::empty_vec")]
    pub conn_args: Vec<crate::model::data::serial::ConnArg>,
    /// The file names a server database (Postgres, MySQL): other processes write its tables.
    #[serde(default, skip_serializing_if = "crate::model::stored::not")]
    pub db_server: bool,
    /// `notified-after-check`: per `while cond { n.notified().await }` loop, the edits that
    /// create the `Notified` before the check.
    #[serde(default)]
    pub notified_rewrites: Vec<super::flag_polling::notified_after_check::NotifiedRewrite>,
}

/// A finding about a duplicate insert into `table` of a row checked by `cols`: where a unique
/// constraint of the workspace covers them ([`crate::model::data::unique::UniqueIndex::covering`]),
/// the second insert fails instead of duplicating the row, and the finding becomes a note
/// with `message` and `help` (`{unique}` in them names the constraint).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct UniqueGuard {
    pub rule: String,
    /// The finding's primary span.
    pub span: crate::diagnostic::Span,
    pub table: String,
    pub cols: Vec<String>,
    /// A check made through an application helper (`Type::helper`) whose columns the file
    /// does not show: the type and function, resolved in the workspace phase to the helper's
    /// summary, whose table and key columns then stand for `table` and `cols`.
    #[serde(default)]
    pub via: Option<(String, String)>,
    pub message: String,
    pub help: String,
}

impl UniqueGuard {
    /// The finding as a note: the database rejects the duplicate that `d` warns about.
    pub fn apply(
        &self,
        mut d: Diagnostic,
        key: &crate::model::data::unique::UniqueKey,
    ) -> Diagnostic {
        let what = format!(
            "the {} `{}({})`",
            if key.primary {
                "primary key"
            } else {
                "unique constraint"
            },
            key.table,
            key.cols.join(", ")
        );
        d.severity = crate::diagnostic::Severity::Note;
        d.message = self.message.replace("{unique}", &what);
        let help = self.help.replace("{unique}", &what);
        match &mut d.suggestion {
            Some(s) => s.message = help,
            None => d.help = Some(help),
        }
        d
    }
}

impl WorkspaceFacts {
    /// Vectors at their length, for the copy kept until the workspace phase.
    pub fn shrink(&mut self) {
        self.flags.shrink_to_fit();
        self.lock_swaps.shrink_to_fit();
        self.guard_releases.shrink_to_fit();
        self.unique_guards.shrink_to_fit();
        self.data_summaries.shrink_to_fit();
        self.notified_rewrites.shrink_to_fit();
    }
}

/// Everything a per-file rule sees.
pub struct FileCtx<'a> {
    pub path: &'a str,
    pub source: &'a SourceFile,
    pub ast: &'a syn::File,
    pub model: &'a FileModel,
    pub edition: Edition,
    /// The options of the config that applies to this file.
    pub settings: &'a super::RuleSettings,
    pub out: Vec<Candidate>,
    /// What this file contributes to the workspace rules beyond its model.
    pub facts: WorkspaceFacts,
    /// The file's decision sites, collected once on first use ([`FileCtx::sites`]).
    pub decisions: std::cell::OnceCell<std::rc::Rc<crate::model::decisions::Sites<'a>>>,
}

impl<'a> FileCtx<'a> {
    /// The file's syntax, for the model's fact collectors.
    pub fn syntax(&self) -> crate::model::FileSyntax<'a> {
        crate::model::FileSyntax {
            path: self.path,
            source: self.source,
            ast: self.ast,
            model: self.model,
        }
    }
    /// The file's decision sites (`if`s and `match`es with the regions they control), walked
    /// once per file however many rules ask.
    pub fn sites(&self) -> std::rc::Rc<crate::model::decisions::Sites<'a>> {
        self.decisions
            .get_or_init(|| std::rc::Rc::new(crate::model::decisions::collect(self.ast)))
            .clone()
    }
    /// Whether a finding at `span` is dropped by the test-code policy (so a rule may skip the
    /// work): the span is in test code and the config does not ask to lint it.
    pub fn skips(&self, span: crate::diagnostic::Span) -> bool {
        !self.settings.test_code.lints() && self.model.in_test(span)
    }
    /// Report a diagnostic that stands on its own.
    pub fn report(&mut self, diag: Diagnostic) {
        self.out.push(Candidate {
            diag,
            requires: Vec::new(),
            via: None,
        });
    }
    /// Report a diagnostic that stands only where the workspace confirms `via`.
    pub fn report_via(&mut self, diag: Diagnostic, via: Deferred) {
        self.out.push(Candidate {
            diag,
            requires: Vec::new(),
            via: Some(via),
        });
    }
    /// Report a diagnostic that stands only if `requires` hold workspace-wide.
    pub fn report_if(&mut self, diag: Diagnostic, requires: Vec<Requirement>) {
        self.out.push(Candidate {
            diag,
            requires,
            via: None,
        });
    }
}
