//! `dossier serve`: a live preview.

pub mod changes;
pub mod incremental;
