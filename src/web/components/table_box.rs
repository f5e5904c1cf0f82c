//! A wide table's own scroll box: the table scrolls sideways inside it when it is
//! wider than the page, and the page itself never does (issue 8, layout at 768 px).

use yew::prelude::*;

/// `table` in a box that scrolls horizontally. The box is a named region and
/// takes the keyboard focus, so it can be scrolled without a mouse even when the
/// table holds nothing focusable.
pub fn table_box(label: &str, table: Html) -> Html {
    html! {
        <div class="table-scroll" role="region" aria-label={label.to_string()} tabindex="0">{ table }</div>
    }
}
