//! Support shared by the integration tests: builders of domain values as of
//! a fixed "today" (`build`) and the binary with a clean environment
//! (`cli`).

// Each test binary uses the part it needs.
#![allow(dead_code)]

pub mod build;
pub mod cli;
