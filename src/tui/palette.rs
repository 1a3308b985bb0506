//! The command palette (`:`): jump to a unit, finding or visit by code,
//! switch language, export everything or a visit's report.

use super::app::{App, Screen, Tone};
use super::i18n::{Lang, Msg};

impl App {
    /// Run a palette command.
    pub(crate) fn run_command(&mut self, line: &str) -> anyhow::Result<()> {
        let line = line.trim();
        let (cmd, arg) = line
            .split_once(' ')
            .map_or((line, ""), |(c, a)| (c, a.trim()));
        match crate::domain::text::fold(cmd).as_str() {
            "unit" | "donvi" | "u" => {
                let unit = self
                    .store
                    .unit_by_code(arg)?
                    .ok_or_else(|| anyhow::anyhow!("{}: {arg}", Msg::NotFound.tr(self.lang)))?;
                self.findings = super::app::FindingsView {
                    unit: Some(unit.id),
                    ..Default::default()
                };
                self.go(Screen::Findings)
            }
            "finding" | "f" | "ref" => {
                let f = self
                    .store
                    .finding_by_ref(arg)?
                    .ok_or_else(|| anyhow::anyhow!("{}: {arg}", Msg::NotFound.tr(self.lang)))?;
                self.load_detail(f.id)?;
                self.go(Screen::Detail)
            }
            "visit" | "dot" | "v" => {
                let v = self
                    .store
                    .visit_by_code(arg)?
                    .ok_or_else(|| anyhow::anyhow!("{}: {arg}", Msg::NotFound.tr(self.lang)))?;
                self.load_visit(v.id)?;
                self.go(Screen::Visit)
            }
            "lang" => {
                let lang = match arg.to_lowercase().as_str() {
                    "en" => Lang::En,
                    "vi" => Lang::Vi,
                    _ => {
                        return Err(anyhow::anyhow!(
                            "{}: {line}",
                            Msg::UnknownCommand.tr(self.lang)
                        ));
                    }
                };
                self.set_lang(lang);
                Ok(())
            }
            "report" | "baocao" => self.palette_report(arg),
            "export" => {
                let path = if arg.is_empty() {
                    "haukiem-export.json"
                } else {
                    arg
                };
                let json = crate::io::export::to_json(&self.store)?;
                std::fs::write(path, json)?;
                self.say(format!("{} {path}", Msg::Exported.tr(self.lang)), Tone::Ok);
                Ok(())
            }
            "dashboard" | "tongquan" => self.go(Screen::Dashboard),
            "findings" | "hckd" => self.go(Screen::Findings),
            "visits" => self.go(Screen::Visits),
            "q" | "quit" => {
                self.quit = true;
                Ok(())
            }
            _ => Err(anyhow::anyhow!(
                "{}: {line}",
                Msg::UnknownCommand.tr(self.lang)
            )),
        }
    }

    /// Complete a palette line: the first unit code, finding reference or visit code that starts with the argument.
    pub(crate) fn complete(&self, line: &str) -> Option<String> {
        let (cmd, arg) = line.split_once(' ')?;
        let arg = arg.trim().to_uppercase();
        let hit = match cmd {
            "unit" => {
                let mut codes: Vec<&str> = self
                    .units
                    .values()
                    .map(|u| u.code.as_str())
                    .filter(|c| c.to_uppercase().starts_with(&arg))
                    .collect();
                codes.sort_unstable();
                codes.first().map(|c| (*c).to_string())
            }
            "visit" => self
                .visits
                .visits
                .iter()
                .map(|(v, _)| v.code.clone())
                .find(|c| c.to_uppercase().starts_with(&arg)),
            _ => None,
        }?;
        Some(format!("{cmd} {hit}"))
    }

    /// `report VISIT [md|html|csv|xlsx] [FILE]`: write a visit's reports.
    fn palette_report(&mut self, arg: &str) -> anyhow::Result<()> {
        use crate::report::{self, Format};
        let mut words = arg.split_whitespace();
        let visit = words
            .next()
            .ok_or_else(|| anyhow::anyhow!("report VISIT [md|html|csv|xlsx] [FILE]"))?;
        let (format, ext) = match words.next().unwrap_or("xlsx") {
            "md" => (Format::Markdown, "md"),
            "html" => (Format::Html, "html"),
            "csv" => (Format::Csv, "csv"),
            "xlsx" => (Format::Xlsx, "xlsx"),
            other => {
                return Err(anyhow::anyhow!(
                    "{}: {other}",
                    Msg::UnknownCommand.tr(self.lang)
                ));
            }
        };
        let path = words
            .next()
            .map_or_else(|| format!("bao-cao-{visit}.{ext}"), str::to_string);
        let built = report::build(&self.store, visit, None, self.today)?;
        std::fs::write(&path, report::render(&built, format)?)?;
        self.say(format!("{} {path}", Msg::Exported.tr(self.lang)), Tone::Ok);
        Ok(())
    }
}
