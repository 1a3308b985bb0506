//! Where the team's passphrase comes from: a file named on the command line,
//! else `HAUKIEM_PASSPHRASE`, else a prompt on the terminal without echo.

use std::ffi::OsString;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::Secret;
use crate::i18n::Msg;

/// The environment variable that holds the passphrase.
pub const PASSPHRASE_ENV: &str = "HAUKIEM_PASSPHRASE";

/// The most a passphrase file is read of: a passphrase is one short line.
const MAX_FILE_LEN: usize = 64 * 1024;

/// Where a passphrase came from, to name it in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Env,
    Prompt,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Env => f.write_str(PASSPHRASE_ENV),
            Source::Prompt => f.write_str(Msg::PassTerminal.text()),
        }
    }
}

/// Why no passphrase could be had.
#[derive(Debug, thiserror::Error)]
pub enum PassphraseError {
    #[error("{}", Msg::PassEmpty.fill(&[.0]))]
    Empty(Source),
    #[error("{}", Msg::PassFile.fill(&[&.path.display(), .source]))]
    File { path: PathBuf, source: io::Error },
    #[error("{}", Msg::PassNotUtf8.fill(&[.0]))]
    NotUtf8(Source),
    #[error("{}", Msg::PassNoTerminal.fill(&[&PASSPHRASE_ENV, .0]))]
    NoTerminal(io::Error),
    #[error("{}", Msg::PassMismatch.text())]
    Mismatch,
}

/// Something the user should hear about, though the passphrase was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// The passphrase file can be read by the group or by others (`mode` is
    /// its permission bits); `chmod 600` fixes it.
    Readable { path: PathBuf, mode: u32 },
}

/// A passphrase, where it came from, and any warning to show.
#[derive(Debug)]
pub struct Passphrase {
    pub secret: Secret,
    pub source: Source,
    pub warnings: Vec<Warning>,
}

/// What to ask on the terminal, in the interface's language. `confirm`
/// asks a second time (when sealing: a typo would make a bundle nobody can
/// open).
#[derive(Debug, Clone, Copy)]
pub struct Prompt<'a> {
    pub ask: &'a str,
    pub confirm: Option<&'a str>,
}

/// The passphrase from `file` if given, else from [`PASSPHRASE_ENV`], else
/// asked on the terminal.
///
/// # Errors
/// See [`PassphraseError`].
pub fn obtain(file: Option<&Path>, prompt: Prompt<'_>) -> Result<Passphrase, PassphraseError> {
    obtain_with(file, std::env::var_os(PASSPHRASE_ENV), prompt, |question| {
        rpassword::prompt_password(question)
    })
}

/// [`obtain`] with the environment's value and the terminal given, for tests.
///
/// # Errors
/// See [`PassphraseError`].
pub fn obtain_with(
    file: Option<&Path>,
    env: Option<OsString>,
    prompt: Prompt<'_>,
    mut ask: impl FnMut(&str) -> io::Result<String>,
) -> Result<Passphrase, PassphraseError> {
    if let Some(path) = file {
        let (secret, warnings) = from_file(path)?;
        return Ok(Passphrase {
            secret,
            source: Source::File(path.to_path_buf()),
            warnings,
        });
    }
    if let Some(value) = env {
        let text = value
            .into_string()
            .map_err(|_| PassphraseError::NotUtf8(Source::Env))?;
        return Ok(Passphrase {
            secret: non_empty(&Zeroizing::new(text), Source::Env)?,
            source: Source::Env,
            warnings: Vec::new(),
        });
    }
    let first = Zeroizing::new(ask(prompt.ask).map_err(PassphraseError::NoTerminal)?);
    if let Some(again) = prompt.confirm {
        let second = Zeroizing::new(ask(again).map_err(PassphraseError::NoTerminal)?);
        if *first != *second {
            return Err(PassphraseError::Mismatch);
        }
    }
    Ok(Passphrase {
        secret: non_empty(&first, Source::Prompt)?,
        source: Source::Prompt,
        warnings: Vec::new(),
    })
}

/// The first line of a passphrase file, its line end (`\n` or `\r\n`) and a
/// leading byte-order mark dropped; a warning if others can read the file.
///
/// # Errors
/// [`PassphraseError::File`], [`PassphraseError::NotUtf8`],
/// [`PassphraseError::Empty`].
pub fn from_file(path: &Path) -> Result<(Secret, Vec<Warning>), PassphraseError> {
    let file_error = |source| PassphraseError::File {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(file_error)?;
    let warnings = readable_by_others(&file, path).map_err(file_error)?;
    // Room for the whole read, so the buffer never moves and leaves a copy.
    let mut bytes = Zeroizing::new(Vec::with_capacity(MAX_FILE_LEN + 64));
    file.take(MAX_FILE_LEN as u64)
        .read_to_end(&mut bytes)
        .map_err(file_error)?;
    let source = Source::File(path.to_path_buf());
    let mut line: &[u8] = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
    line = line.strip_suffix(b"\r").unwrap_or(line);
    let text = std::str::from_utf8(line).map_err(|_| PassphraseError::NotUtf8(source.clone()))?;
    let secret = non_empty(text, source)?;
    Ok((secret, warnings))
}

fn non_empty(text: &str, source: Source) -> Result<Secret, PassphraseError> {
    if text.is_empty() {
        return Err(PassphraseError::Empty(source));
    }
    Ok(Secret::from(text))
}

#[cfg(unix)]
fn readable_by_others(file: &std::fs::File, path: &Path) -> io::Result<Vec<Warning>> {
    use std::os::unix::fs::PermissionsExt;
    let mode = file.metadata()?.permissions().mode() & 0o777;
    Ok(if mode & 0o077 == 0 {
        Vec::new()
    } else {
        vec![Warning::Readable {
            path: path.to_path_buf(),
            mode,
        }]
    })
}

#[cfg(not(unix))]
fn readable_by_others(_file: &std::fs::File, _path: &Path) -> io::Result<Vec<Warning>> {
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::os::unix::fs::PermissionsExt;

    fn text(p: &Passphrase) -> &str {
        p.secret.expose_secret()
    }

    const PROMPT: Prompt<'static> = Prompt {
        ask: "Mật khẩu: ",
        confirm: None,
    };

    fn no_terminal(_: &str) -> io::Result<String> {
        Err(io::Error::new(io::ErrorKind::NotFound, "no tty"))
    }

    fn write(dir: &Path, name: &str, bytes: &[u8], mode: u32) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
        path
    }

    #[test]
    fn a_file_gives_its_first_line_without_line_end_or_bom() {
        let dir = tempfile::tempdir().expect("tempdir");
        for (name, bytes) in [
            ("lf", &b"m\xe1\xba\xadt kh\xe1\xba\xa9u \n2nd line\n"[..]),
            ("crlf", b"m\xe1\xba\xadt kh\xe1\xba\xa9u \r\n"),
            ("bom", b"\xef\xbb\xbfm\xe1\xba\xadt kh\xe1\xba\xa9u "),
        ] {
            let path = write(dir.path(), name, bytes, 0o600);
            let got =
                obtain_with(Some(&path), Some("env".into()), PROMPT, no_terminal).expect("reads");
            assert_eq!(text(&got), "mật khẩu ", "{name}");
            assert_eq!(got.source, Source::File(path));
            assert!(got.warnings.is_empty(), "{name}: {:?}", got.warnings);
        }
    }

    #[test]
    fn a_file_readable_by_others_is_used_with_a_warning() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), "p", b"secret\n", 0o644);
        let got = obtain_with(Some(&path), None, PROMPT, no_terminal).expect("reads");
        assert_eq!(text(&got), "secret");
        assert_eq!(got.warnings, vec![Warning::Readable { path, mode: 0o644 }]);
    }

    #[test]
    fn empty_or_unreadable_passphrases_are_refused_naming_the_source() {
        let dir = tempfile::tempdir().expect("tempdir");
        let empty = write(dir.path(), "empty", b"\nsecond line\n", 0o600);
        let got = obtain_with(Some(&empty), None, PROMPT, no_terminal);
        assert!(matches!(got, Err(PassphraseError::Empty(Source::File(p))) if p == empty));
        let missing = dir.path().join("missing");
        let got = obtain_with(Some(&missing), None, PROMPT, no_terminal);
        assert!(matches!(got, Err(PassphraseError::File { path, .. }) if path == missing));
        let latin1 = write(dir.path(), "latin1", b"m\xe2t\n", 0o600);
        let got = obtain_with(Some(&latin1), None, PROMPT, no_terminal);
        assert!(matches!(got, Err(PassphraseError::NotUtf8(_))));
        let got = obtain_with(None, Some(OsString::new()), PROMPT, no_terminal);
        assert!(matches!(got, Err(PassphraseError::Empty(Source::Env))));
    }

    #[test]
    fn the_environment_comes_before_the_terminal_and_no_terminal_is_a_clear_error() {
        let got = obtain_with(None, Some("từ biến môi trường".into()), PROMPT, no_terminal)
            .expect("reads");
        assert_eq!(
            (text(&got), &got.source),
            ("từ biến môi trường", &Source::Env)
        );
        let got = obtain_with(None, None, PROMPT, no_terminal);
        assert!(matches!(got, Err(PassphraseError::NoTerminal(_))));
    }

    #[test]
    fn the_terminal_asks_twice_when_sealing_and_refuses_a_mismatch() {
        let confirm = Prompt {
            ask: "Mật khẩu: ",
            confirm: Some("Nhập lại: "),
        };
        let mut asked = Vec::new();
        let got = obtain_with(None, None, confirm, |q| {
            asked.push(q.to_owned());
            Ok("đoàn 3".to_owned())
        })
        .expect("same twice");
        assert_eq!(text(&got), "đoàn 3");
        assert_eq!(asked, ["Mật khẩu: ", "Nhập lại: "]);
        let mut answers = ["đoàn 3", "đoàn 4"].into_iter();
        let got = obtain_with(None, None, confirm, |_| {
            Ok(answers.next().unwrap_or_default().to_owned())
        });
        assert!(matches!(got, Err(PassphraseError::Mismatch)));
        let got = obtain_with(None, None, PROMPT, |_| Ok(String::new()));
        assert!(matches!(got, Err(PassphraseError::Empty(Source::Prompt))));
    }
}
