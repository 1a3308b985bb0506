//! Reading a .docx back: its parts out of the zip, each parsed into a small
//! element tree with quick-xml (which fails on malformed XML), and the
//! paragraphs' text in reading order.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// An element: its qualified name, attributes, children and text.
#[derive(Debug, Default, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    pub children: Vec<Element>,
    /// The text directly inside the element.
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    /// Every element named `name` at any depth below this one, in document order.
    pub fn all(&self, name: &str) -> Vec<&Element> {
        let mut out = Vec::new();
        self.collect(name, &mut out);
        out
    }

    fn collect<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        for c in &self.children {
            if c.name == name {
                out.push(c);
            }
            c.collect(name, out);
        }
    }

    pub fn first(&self, name: &str) -> &Element {
        self.all(name)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name))
    }

    pub fn has(&self, name: &str) -> bool {
        !self.all(name).is_empty()
    }

    /// The text of a paragraph (`w:p`): its `w:t`, with `w:br` as line breaks.
    pub fn paragraph_text(&self) -> String {
        let mut s = String::new();
        self.walk_text(&mut s);
        s
    }

    fn walk_text(&self, s: &mut String) {
        for c in &self.children {
            match c.name.as_str() {
                "w:t" => s.push_str(&c.text),
                "w:br" => s.push('\n'),
                _ => c.walk_text(s),
            }
        }
    }
}

/// Parses an XML part into its root element; panics on malformed XML.
pub fn parse(xml: &str) -> Element {
    let mut reader = Reader::from_str(xml);
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => stack.push(element(&e)),
            Ok(Event::Empty(e)) => {
                let el = element(&e);
                top(&mut stack).children.push(el);
            }
            Ok(Event::End(_)) => {
                let done = stack.pop().expect("an open element");
                top(&mut stack).children.push(done);
            }
            Ok(Event::Text(t)) => top(&mut stack).text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => {
                let c = match r.resolve_char_ref().expect("a valid character reference") {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.xml10_content();
                        resolve_predefined_entity(&name)
                            .unwrap_or_else(|| panic!("unknown entity &{name};"))
                            .to_string()
                    }
                };
                top(&mut stack).text.push_str(&c);
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("malformed XML at {}: {e}", reader.error_position()),
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut root = stack.pop().expect("the document");
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.remove(0)
}

fn top(stack: &mut [Element]) -> &mut Element {
    stack.last_mut().expect("an open element")
}

fn element(e: &quick_xml::events::BytesStart<'_>) -> Element {
    let attrs = e
        .attributes()
        .map(|a| {
            let a = a.expect("a well-formed attribute");
            let key = a.key.as_ref().to_string();
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .expect("a well-formed attribute value")
                .into_owned();
            (key, value)
        })
        .collect();
    Element {
        name: e.name().as_ref().to_string(),
        attrs,
        ..Element::default()
    }
}

/// The parts of a .docx, by name.
pub struct Package {
    parts: BTreeMap<String, String>,
}

impl Package {
    pub fn open(bytes: &[u8]) -> Package {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        let mut parts = BTreeMap::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).expect("a zip entry");
            let mut s = String::new();
            if f.read_to_string(&mut s).is_ok() {
                let name = f.name().expect("a readable entry name").into_owned();
                parts.insert(name, s);
            }
        }
        Package { parts }
    }

    /// The raw text of a part.
    pub fn raw(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .unwrap_or_else(|| panic!("no part {name}; parts: {:?}", self.names()))
    }

    pub fn xml(&self, name: &str) -> Element {
        parse(self.raw(name))
    }

    pub fn names(&self) -> Vec<&str> {
        self.parts.keys().map(String::as_str).collect()
    }

    /// The headers, as (relationship id, parsed part).
    pub fn headers(&self) -> BTreeMap<String, Element> {
        let rels = self.xml("word/_rels/document.xml.rels");
        rels.all("Relationship")
            .into_iter()
            .filter(|r| r.attr("Type").is_some_and(|t| t.ends_with("/header")))
            .map(|r| {
                let target = r.attr("Target").expect("a target");
                let id = r.attr("Id").expect("an id").to_string();
                (id, self.xml(&format!("word/{target}")))
            })
            .collect()
    }
}

/// Every non-empty paragraph of the document's body, in reading order
/// (table cells included).
pub fn texts(document: &Element) -> Vec<String> {
    document
        .first("w:body")
        .all("w:p")
        .into_iter()
        .map(Element::paragraph_text)
        .filter(|t| !t.is_empty())
        .collect()
}
