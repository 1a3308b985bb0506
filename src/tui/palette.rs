//! The command palette (`:`). The app's own commands (language, export,
//! report, quit) are here; the commands that show something (`unit`,
//! `finding`, `visit`, a screen's name) are answered by the screens.

use super::action::Action;
use super::app::{App, Mode, Tone};
use super::field::Field;
use super::form::{Editor, IdentityForm, UndoForm, undo};
use crate::i18n::{Lang, Msg};

impl App {
    pub(crate) fn palette_action(&mut self, action: Action) -> anyhow::Result<()> {
        let Mode::Palette(field) = &self.mode else {
            return Ok(());
        };
        match action {
            Action::Cancel => self.mode = Mode::Browse,
            Action::Submit => {
                let line = field.text();
                self.mode = Mode::Browse;
                self.run_command(&line)?;
            }
            Action::NextField => {
                if let Some(done) = self.complete(&field.text()) {
                    self.mode = Mode::Palette(Field::new(&done, false));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Run a palette command.
    pub(crate) fn run_command(&mut self, line: &str) -> anyhow::Result<()> {
        let line = line.trim();
        let (cmd, arg) = line
            .split_once(' ')
            .map_or((line, ""), |(c, a)| (c, a.trim()));
        match crate::domain::text::fold(cmd).as_str() {
            "lang" => self.palette_lang(arg, line),
            "report" | "baocao" => self.palette_report(arg),
            "export" => self.palette_export(arg),
            "nguoi" | "ten" | "actor" | "whoami" => self.palette_identity(),
            "undo" | "hoantac" => self.palette_undo(),
            "q" | "quit" => {
                self.quit = true;
                Ok(())
            }
            cmd => {
                let (cx, screens, _) = self.parts();
                let answer = screens
                    .all()
                    .into_iter()
                    .find_map(|s| s.command(cmd, arg, &cx));
                match answer {
                    Some(effect) => self.apply(effect?),
                    None => Err(self.unknown(line)),
                }
            }
        }
    }

    fn unknown(&self, line: &str) -> anyhow::Error {
        anyhow::anyhow!("{}: {line}", Msg::UnknownCommand.tr(self.lang))
    }

    /// Complete a palette line: the first unit code or visit code that starts with the argument.
    pub(crate) fn complete(&self, line: &str) -> Option<String> {
        let (cmd, arg) = line.split_once(' ')?;
        let arg = arg.trim().to_uppercase();
        let hit = self
            .screens
            .all()
            .into_iter()
            .find_map(|s| s.complete(cmd, &arg, &self.units))?;
        Some(format!("{cmd} {hit}"))
    }

    fn palette_lang(&mut self, arg: &str, line: &str) -> anyhow::Result<()> {
        let lang = match arg.to_lowercase().as_str() {
            "en" => Lang::En,
            "vi" => Lang::Vi,
            _ => return Err(self.unknown(line)),
        };
        self.set_lang(lang);
        Ok(())
    }

    /// `nguoi`: who works on this database and this laptop's name.
    fn palette_identity(&mut self) -> anyhow::Result<()> {
        let saved = self.store.saved_actor()?;
        let device = self.store.device_name();
        let form = IdentityForm::new(false, saved.as_deref(), device.as_deref());
        self.mode = Mode::Form(Editor::open(form));
        Ok(())
    }

    /// `undo`: my recent changes, to undo one of them.
    fn palette_undo(&mut self) -> anyhow::Result<()> {
        let ops = self.store.my_recent_changes(undo::RECENT)?;
        if ops.is_empty() {
            self.say(Msg::NothingToUndo.tr(self.lang), Tone::Info);
            return Ok(());
        }
        let form = UndoForm::new(ops, &self.units, self.lang);
        self.mode = Mode::Form(Editor::open(form));
        Ok(())
    }

    /// `export [FILE]`: everything as JSON.
    fn palette_export(&mut self, arg: &str) -> anyhow::Result<()> {
        let path = if arg.is_empty() {
            "haukiem-export.json"
        } else {
            arg
        };
        let json = crate::io::export::to_json(&self.store)?;
        crate::files::write(std::path::Path::new(path), json.as_bytes())?;
        self.say(format!("{} {path}", Msg::Exported.tr(self.lang)), Tone::Ok);
        Ok(())
    }

    /// `report VISIT [md|html|csv|xlsx|docx] [FILE]`: write a visit's reports.
    fn palette_report(&mut self, arg: &str) -> anyhow::Result<()> {
        use crate::report::{self, Format};
        let mut words = arg.split_whitespace();
        let visit = words
            .next()
            .ok_or_else(|| anyhow::anyhow!("{}", Msg::PaletteReportUsage.tr(self.lang)))?;
        let (format, ext) = match words.next().unwrap_or("xlsx") {
            "md" => (Format::Markdown, "md"),
            "html" => (Format::Html, "html"),
            "csv" => (Format::Csv, "csv"),
            "xlsx" => (Format::Xlsx, "xlsx"),
            "docx" => (Format::Docx, "docx"),
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
        crate::files::write(
            std::path::Path::new(&path),
            &report::render(&built, format)?,
        )?;
        self.say(format!("{} {path}", Msg::Exported.tr(self.lang)), Tone::Ok);
        Ok(())
    }
}
