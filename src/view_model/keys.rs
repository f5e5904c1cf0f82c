//! The keyboard shortcuts: one table ([`SHORTCUTS`]) that both decides what
//! a key press does ([`action`]) and is listed by the shortcuts dialog.

use super::state::Tab;

/// What a shortcut does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// Open (or close) the list of shortcuts.
    Help,
    /// Switch to the view of the digit pressed.
    View,
    /// Focus the filter of the current view.
    Filter,
    /// The next item of the current list.
    Next,
    /// The previous item of the current list.
    Prev,
    /// Close the open dialog or panel.
    Close,
}

/// What a key press asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Open (or close) the list of shortcuts.
    Help,
    /// Show this view.
    View(Tab),
    /// Focus the filter of the current view.
    Filter,
    /// Move by this many items in the current list.
    Move(isize),
    /// Close the open dialog or panel.
    Close,
}

/// One line of the table.
#[derive(Debug, Clone, Copy)]
pub struct Shortcut {
    /// The `KeyboardEvent.key` values that trigger it.
    pub keys: &'static [&'static str],
    /// What it does, in words.
    pub what: &'static str,
    /// What it does.
    pub command: Command,
    /// Whether it also works while typing in a field.
    pub while_typing: bool,
}

/// Every shortcut, in the order the dialog lists them.
pub const SHORTCUTS: &[Shortcut] = &[
    Shortcut {
        keys: &["?"],
        what: "Show this list of shortcuts",
        command: Command::Help,
        while_typing: false,
    },
    Shortcut {
        keys: &["1", "2", "3", "4", "5", "6", "7", "8", "9"],
        what: "Switch to a view, numbered as the tabs",
        command: Command::View,
        while_typing: false,
    },
    Shortcut {
        keys: &["/"],
        what: "Focus the filter of the current view",
        command: Command::Filter,
        while_typing: false,
    },
    Shortcut {
        keys: &["j", "ArrowDown"],
        what: "Next item in the list (Findings, Layers, Files, or the layer list when it has the focus); Enter opens it",
        command: Command::Next,
        while_typing: false,
    },
    Shortcut {
        keys: &["k", "ArrowUp"],
        what: "Previous item in the list",
        command: Command::Prev,
        while_typing: false,
    },
    Shortcut {
        keys: &["Escape"],
        what: "Close the open dialog or panel",
        command: Command::Close,
        while_typing: true,
    },
];

/// A key press, as the page sees it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Press<'a> {
    /// `KeyboardEvent.key`.
    pub key: &'a str,
    /// Ctrl, Alt or Meta held (Shift is part of `key`: `?`).
    pub modifier: bool,
    /// The focus is in a text field, a select or an editable element.
    pub typing: bool,
}

/// Where the press happens.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope {
    /// The current view has a list to move in.
    pub list: bool,
    /// A modal dialog is open: only closing it (and `?`) work.
    pub dialog: bool,
}

/// What `press` does in `scope`, or `None` (the browser keeps the key).
pub fn action(press: &Press<'_>, scope: Scope) -> Option<Action> {
    if press.modifier {
        return None;
    }
    let s = SHORTCUTS.iter().find(|s| s.keys.contains(&press.key))?;
    if press.typing && !s.while_typing {
        return None;
    }
    if scope.dialog && !matches!(s.command, Command::Close | Command::Help) {
        return None;
    }
    Some(match s.command {
        Command::Help => Action::Help,
        Command::View => {
            let n: usize = press.key.parse().ok()?;
            Action::View(*Tab::ALL.get(n.checked_sub(1)?)?)
        }
        Command::Filter => Action::Filter,
        Command::Next if scope.list => Action::Move(1),
        Command::Prev if scope.list => Action::Move(-1),
        Command::Next | Command::Prev => return None,
        Command::Close => Action::Close,
    })
}

/// How a key is written in the dialog.
pub fn label(key: &str) -> &str {
    match key {
        "ArrowDown" => "↓",
        "ArrowUp" => "↑",
        "Escape" => "Esc",
        k => k,
    }
}

/// The keys of a shortcut as the dialog writes them: a run of digits as
/// `1`–`n`, limited to the views there are.
pub fn keys_label(s: &Shortcut) -> Vec<String> {
    if s.command == Command::View {
        let n = s.keys.len().min(Tab::ALL.len());
        return vec![format!("1–{n}")];
    }
    s.keys.iter().map(|k| label(k).to_string()).collect()
}

#[cfg(test)]
mod tests;
