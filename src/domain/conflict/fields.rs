//! Any record merged field by field through its fields as JSON: units,
//! visits and the team's report texts.

/// Three-way merge of any record field by field (its fields as JSON): a
/// field changed on one side takes that side's value; one changed two ways
/// takes the greater of the two values (an order every laptop shares), and
/// is named. `base` none: both created it.
#[must_use]
pub fn merge_fields<T>(base: Option<&T>, mine: &T, theirs: &T) -> (T, Vec<String>)
where
    T: serde::Serialize + serde::de::DeserializeOwned + Clone,
{
    use serde_json::Value as J;
    let as_map = |v: Option<&T>| match v.map(serde_json::to_value) {
        Some(Ok(J::Object(m))) => m,
        _ => serde_json::Map::new(),
    };
    let (b, m, t) = (as_map(base), as_map(Some(mine)), as_map(Some(theirs)));
    let mut out = m.clone();
    let mut clash = Vec::new();
    for (k, tv) in &t {
        let mv = m.get(k);
        let bv = b.get(k);
        if mv == Some(tv) {
            continue;
        }
        if mv == bv {
            out.insert(k.clone(), tv.clone());
        } else if bv != Some(tv) {
            clash.push(k.clone());
            let mine_s = mv.map(J::to_string).unwrap_or_default();
            let theirs_s = tv.to_string();
            if theirs_s > mine_s {
                out.insert(k.clone(), tv.clone());
            }
        }
    }
    match serde_json::from_value(J::Object(out)) {
        Ok(v) => (v, clash),
        Err(_) => (mine.clone(), clash),
    }
}

/// `current` with the `fields` of `chosen`.
pub(super) fn take_fields<T>(current: &T, chosen: &T, fields: &[String]) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned + Clone,
{
    use serde_json::Value as J;
    let (Ok(J::Object(mut c)), Ok(J::Object(ch))) =
        (serde_json::to_value(current), serde_json::to_value(chosen))
    else {
        return chosen.clone();
    };
    for f in fields {
        if let Some(v) = ch.get(f) {
            c.insert(f.clone(), v.clone());
        }
    }
    serde_json::from_value(J::Object(c)).unwrap_or_else(|_| chosen.clone())
}
