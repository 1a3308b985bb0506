//! haukiem: a keyboard-driven terminal app for hậu kiểm — following up the
//! remediation of shortcomings (hạn chế, khuyết điểm) found after a Party
//! unit's self-criticism review.
//!
//! Layers: `domain` ← `store` ← `io` / `report` ← `tui` ← `cli` (wired by
//! `main`); `i18n` (the interface language), `error` (an error printed
//! with its causes), `csv_file` (what every CSV we write starts with) and
//! `files` (private, atomic files) serve them all.

pub mod cli;
pub mod csv_file;
pub mod domain;
pub mod error;
pub mod files;
pub mod i18n;
pub mod io;
pub mod report;
pub mod store;
pub mod tui;
