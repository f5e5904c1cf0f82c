//! The key map: each key's action, and the rules for typing, modifiers,
//! dialogs and views without a list.

use super::*;

fn press(key: &str) -> Press<'_> {
    Press {
        key,
        ..Press::default()
    }
}

const LIST: Scope = Scope {
    list: true,
    dialog: false,
};

#[test]
fn each_key_does_what_the_table_says() {
    assert_eq!(action(&press("?"), LIST), Some(Action::Help));
    assert_eq!(action(&press("/"), LIST), Some(Action::Filter));
    assert_eq!(action(&press("j"), LIST), Some(Action::Move(1)));
    assert_eq!(action(&press("ArrowDown"), LIST), Some(Action::Move(1)));
    assert_eq!(action(&press("k"), LIST), Some(Action::Move(-1)));
    assert_eq!(action(&press("ArrowUp"), LIST), Some(Action::Move(-1)));
    assert_eq!(action(&press("Escape"), LIST), Some(Action::Close));
    assert_eq!(action(&press("x"), LIST), None);
    assert_eq!(action(&press("J"), LIST), None);
}

#[test]
fn digits_switch_to_the_views_there_are() {
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let key = (i + 1).to_string();
        assert_eq!(
            action(&press(&key), LIST),
            Some(Action::View(*tab)),
            "{key}"
        );
    }
    let beyond = (Tab::ALL.len() + 1).to_string();
    if Tab::ALL.len() < 9 {
        assert_eq!(action(&press(&beyond), LIST), None);
    }
    assert_eq!(action(&press("0"), LIST), None);
}

#[test]
fn typing_and_modifiers_keep_their_keys() {
    let typing = |key| Press {
        key,
        typing: true,
        modifier: false,
    };
    for key in ["?", "/", "j", "k", "1", "ArrowDown"] {
        assert_eq!(action(&typing(key), LIST), None, "{key} while typing");
        let held = Press {
            key,
            modifier: true,
            typing: false,
        };
        assert_eq!(action(&held, LIST), None, "{key} with Ctrl");
    }
    assert_eq!(action(&typing("Escape"), LIST), Some(Action::Close));
}

#[test]
fn arrows_scroll_the_page_where_there_is_no_list() {
    let no_list = Scope::default();
    for key in ["j", "k", "ArrowDown", "ArrowUp"] {
        assert_eq!(action(&press(key), no_list), None, "{key}");
    }
    assert_eq!(
        action(&press("2"), no_list),
        Some(Action::View(Tab::Findings))
    );
}

#[test]
fn a_dialog_takes_only_close_and_help() {
    let dialog = Scope {
        list: true,
        dialog: true,
    };
    assert_eq!(action(&press("Escape"), dialog), Some(Action::Close));
    assert_eq!(action(&press("?"), dialog), Some(Action::Help));
    for key in ["1", "/", "j", "ArrowUp"] {
        assert_eq!(action(&press(key), dialog), None, "{key}");
    }
}

#[test]
fn the_dialog_lists_every_key_of_the_table() {
    let lines: Vec<(Vec<String>, &str)> =
        SHORTCUTS.iter().map(|s| (keys_label(s), s.what)).collect();
    assert_eq!(lines.len(), 6);
    assert_eq!(lines[1].0, vec![format!("1–{}", Tab::ALL.len())]);
    assert_eq!(lines[3].0, vec!["j".to_string(), "↓".to_string()]);
    assert_eq!(lines[5].0, vec!["Esc".to_string()]);
    // every key the table answers to is written somewhere in the dialog
    for s in SHORTCUTS {
        for k in s.keys {
            let written = keys_label(s).join(" ");
            let digit = k.parse::<usize>().is_ok_and(|n| n <= 9);
            assert!(written.contains(label(k)) || digit, "{k} not listed");
        }
    }
}
