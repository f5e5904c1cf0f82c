//! The recorded runs of the real tools (`record`), what each means as a
//! verdict (`observe`), and the disagreements that are documented rather
//! than fixed (`exceptions`).

pub mod exceptions;
pub mod observe;
pub mod record;
