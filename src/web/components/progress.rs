//! The progress bars: overall and per blob, MB/s and time left.

use crate::view_model::format;
use crate::view_model::state::{Phase, State};
use yew::prelude::*;

/// Progress and the verdict line.
pub fn view(s: &State) -> Html {
    let (done, total) = s.session.bytes();
    let secs = s.session.elapsed();
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    let (blobs_done, blobs) = s.session.blobs();
    let status = match s.session.phase {
        Phase::Reading => "Reading the archive structure…".to_string(),
        Phase::Verifying => format!("Verifying blobs: {blobs_done} of {blobs}"),
        Phase::Done => format!("Done in {}", format::duration(secs)),
        Phase::Cancelled => "Cancelled".to_string(),
        Phase::Error => "Error".to_string(),
        Phase::Idle => String::new(),
    };
    let eta = if s.session.phase == Phase::Verifying {
        format::eta(done, total, secs)
    } else {
        None
    };
    let active: Vec<(&String, &(u64, u64))> = s
        .session
        .progress
        .iter()
        .filter(|(_, (d, t))| d < t && *d > 0)
        .take(8)
        .collect();
    html! {
        <section class="progress" aria-label="Progress">
            <div class="progress-line">
                <strong class="file-name">{ s.session.name.clone() }</strong>
                <span class="status">{ status }</span>
                if total > 0 {
                    <span class="bytes">{ format!("{} of {}", format::bytes(done), format::bytes(total)) }</span>
                    <span class="rate">{ format::rate(rate) }</span>
                }
                if let Some(eta) = eta { <span class="eta">{ format!("{eta} left") }</span> }
            </div>
            if total > 0 && s.session.phase != Phase::Done {
                <progress class="overall" aria-label="Overall progress" max={total.to_string()} value={done.to_string()}></progress>
            }
            if s.session.phase == Phase::Verifying {
                <ul class="blob-progress">
                { for active.into_iter().map(|(blob, (d, t))| html! {
                    <li>
                        <code>{ format::short_digest(blob.trim_start_matches("blobs/").replacen('/', ":", 1).as_str()) }</code>
                        <progress max={t.to_string()} value={d.to_string()}></progress>
                        <span>{ format!("{:.0} %", format::percent(*d, *t)) }</span>
                    </li>
                }) }
                </ul>
            }
        </section>
    }
}
