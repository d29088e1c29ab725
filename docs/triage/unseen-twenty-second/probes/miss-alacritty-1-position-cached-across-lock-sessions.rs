// Miss, alacritty fd745a9f (parent 39ea7271): "Fix racing condition in hint
// triggering" (#8277). Written from scratch. The PTY reader thread writes the terminal grid
// under the terminal mutex. The UI thread, on mouse motion, locks the terminal, finds the
// hint (a URL) under the cursor and stores its cell range in its own state, then unlocks.
// On click it locks the terminal again and opens the text that is NOW in that stored range.
// Output that arrives in between changes the cells: the launcher opens arbitrary text that
// was never highlighted. The fix re-matches the hint's regex at the stored range under the
// click's lock and refuses when it no longer matches. racelint's split-critical-section looks
// for a value read under one guard and written back under a second guard of the same lock in
// one function (`bump_rows`, contrast). A value derived under one guard, kept in a struct
// field across event-handler calls and used under a later guard, is not followed.
use std::ops::Range;
use std::sync::{Arc, Mutex};

pub struct Term {
    pub cells: Vec<char>,
    pub rows: usize,
}

impl Term {
    fn url_at(&self, col: usize) -> Option<Range<usize>> {
        let start = self.cells[..col].iter().rposition(|c| *c == ' ').map_or(0, |i| i + 1);
        let end = self.cells[col..].iter().position(|c| *c == ' ').map_or(self.cells.len(), |i| col + i);
        (end > start).then_some(start..end)
    }

    fn text(&self, r: Range<usize>) -> String {
        self.cells[r].iter().collect()
    }
}

pub struct Ui {
    term: Arc<Mutex<Term>>,
    highlighted: Option<Range<usize>>,
}

fn launch(_url: &str) {}

impl Ui {
    pub fn on_mouse_move(&mut self, col: usize) {
        let term = self.term.lock().unwrap();
        self.highlighted = term.url_at(col);
    }

    pub fn on_click(&mut self) {
        let term = self.term.lock().unwrap();
        if let Some(r) = self.highlighted.clone() {
            launch(&term.text(r));
        }
    }

    // Contrast: reported (split-critical-section).
    pub fn bump_rows(&self) {
        let rows = self.term.lock().unwrap().rows;
        self.term.lock().unwrap().rows = rows + 1;
    }
}

// The PTY reader thread.
pub fn spawn_pty_reader(term: Arc<Mutex<Term>>) {
    std::thread::spawn(move || loop {
        let mut t = term.lock().unwrap();
        t.cells.rotate_left(1);
    });
}
