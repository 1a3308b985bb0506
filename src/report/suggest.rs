//! "Did you mean" in a report's errors: the closest codes
//! ([`crate::domain::suggest::closest`]) as the tail of a message.

pub use crate::domain::suggest::closest;

/// The tail of an error message listing close codes ("" when there are none).
pub(super) fn hint(close: &[String]) -> String {
    if close.is_empty() {
        String::new()
    } else {
        crate::i18n::Msg::ClosestCodes.fill(&[&close.join(", ")])
    }
}
