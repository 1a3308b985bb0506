//! The interface language and the one message catalogue, shared by the
//! command line, the app and the errors below them. This module imports
//! nothing else of the crate, so every layer (the domain included) may use it.
//!
//! The language is this thread's: the command line sets it from `--lang`
//! once, the app when it starts and when the user switches. Errors render
//! their message in it when they are displayed (on the thread that shows
//! them), so an error made on a background thread still speaks the
//! language of the screen it lands on.

mod catalogue;

use std::cell::Cell;

pub use catalogue::{Msg, date_error, origin, weekday};

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Code used by the domain's label tables.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Vi) };
}

/// This thread's language (Vietnamese until [`set`] says otherwise).
#[must_use]
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// Speak `lang` on this thread from now on.
pub fn set(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// `template` with each `{n}` replaced by `args[n]` (a placeholder without
/// an argument is left as it is, so a mistake shows instead of vanishing).
#[must_use]
pub fn fill(template: &str, args: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * args.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let n: usize = after[..close].parse().ok()?;
            Some((args.get(n)?, close))
        });
        match arg {
            Some((a, close)) => {
                out.push_str(&a.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The placeholders `{n}` of a template, sorted (for the catalogue's test).
#[must_use]
pub fn placeholders(template: &str) -> Vec<usize> {
    let mut found: Vec<usize> = template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}')?.0.parse().ok())
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_numbered_placeholders_and_keeps_the_rest() {
        assert_eq!(
            fill("Đã nhập {0} đơn vị, {1} phiếu {x}", &[&3, &"một"]),
            "Đã nhập 3 đơn vị, một phiếu {x}"
        );
        assert_eq!(fill("{1} và {0} {2}", &[&"a", &"b"]), "b và a {2}");
        assert_eq!(placeholders("{1} và {0}, {1}"), vec![0, 1]);
    }

    #[test]
    fn the_language_is_the_threads() {
        set(Lang::En);
        assert_eq!(current(), Lang::En);
        let other = std::thread::spawn(current).join().expect("thread");
        assert_eq!(other, Lang::Vi);
        set(Lang::Vi);
    }
}
