//! An error shown once, with its causes: the command line's last word and
//! the app's status line both print errors this way. A message never
//! repeats its cause (the cause is its `source`), so nothing is left out
//! or said twice.

use std::error::Error;

/// `e`, then each of its causes, joined by ": ".
#[must_use]
pub fn describe(e: &(dyn Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot write {0}")]
    struct Outer(&'static str, #[source] std::io::Error);

    #[test]
    fn each_cause_once_in_order() {
        let e = Outer(
            "a.json",
            std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied"),
        );
        assert_eq!(describe(&e), "cannot write a.json: denied");
    }
}
