//! Support shared by the integration tests: builders of domain values as of
//! a fixed "today" (`build`), the binary with a clean environment (`cli`),
//! and the random sequences of operations that the store and listing-view
//! properties both run against one model (`ops`, `model`, `run`).

// Each test binary uses the part it needs.
#![allow(dead_code)]

pub mod app;
pub mod build;
pub mod cli;
pub mod model;
pub mod ops;
pub mod run;
