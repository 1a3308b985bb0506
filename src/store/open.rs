//! Where a database may be opened: commands that only read need one to be
//! there (a mistyped `--db` must not create an empty one); a database whose
//! place cannot be written (a read-only medium, a full disk: sled writes
//! when it opens) is read from a private copy, so its data can always be
//! got out; and a new database's files are made private.

use std::io;
use std::path::{Path, PathBuf};

use super::error::Damage;
use super::{Result, Store, StoreError, view};

/// Files of ours a private copy leaves out (the `kept` mark goes with it:
/// the copy's damage check needs it).
fn is_ours(name: &str) -> bool {
    name.starts_with(view::FILE) || name.starts_with('.') || name == DAMAGED
}

/// Left in a database directory once it has been opened and set up
/// durably: from then on a data file that sled reads back as empty is
/// damage. Before it (a process killed while it created the database),
/// an empty read is just the new database it was.
const KEPT: &str = "kept";

/// Leave the mark of a database set up in `dir` (best effort: without it
/// an unreadable data file is taken for one never set up).
pub(crate) fn mark_kept(dir: &Path) {
    if !dir.join(KEPT).is_file() {
        let _ = crate::files::write(&dir.join(KEPT), b"haukiem: this database has been set up\n");
    }
}

/// Left in a database directory once a read met damage there, so that no
/// later process writes to it either (reads still work: the data that
/// can be read can be exported).
const DAMAGED: &str = "damaged";

/// Leave the mark of damage in `dir` (best effort: the process that found
/// it refuses writes whatever happens).
pub(crate) fn mark_damaged(dir: &Path) {
    let _ = crate::files::write(&dir.join(DAMAGED), b"haukiem: a read met damage here\n");
}

/// Whether a process found damage in `dir`.
pub(crate) fn marked_damaged(dir: &Path) -> bool {
    dir.join(DAMAGED).is_file()
}

/// Whether `dir` holds a database (sled's configuration or data file).
#[must_use]
pub fn exists(dir: &Path) -> bool {
    dir.join("conf").is_file() || dir.join("db").is_file()
}

impl Store {
    /// Open the database in `path`, which must exist; if its place cannot
    /// be written, open a private copy of it instead (see
    /// [`Store::is_copy`]), which refuses writes.
    ///
    /// # Errors
    /// No database there, or it cannot be opened or copied.
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !exists(path) {
            return Err(StoreError::NoDatabase(path.to_path_buf()));
        }
        // On a full disk sled's opening writes could be cut short inside
        // its files: read a private copy without writing there at all.
        let opened = if nearly_full(path) {
            Err(StoreError::Io {
                path: path.to_path_buf(),
                source: io::Error::from(io::ErrorKind::StorageFull),
            })
        } else {
            Store::open(path)
        };
        match opened {
            Err(e) if cannot_write(&e) => {
                let copy = Copy::make(path)?;
                let mut store = Store::open(&copy.dir)?;
                store.copy_of = Some((path.to_path_buf(), copy));
                Ok(store)
            }
            other => other,
        }
    }

    /// The database this store reads a private copy of, if it does.
    #[must_use]
    pub fn is_copy(&self) -> Option<&Path> {
        self.copy_of.as_ref().map(|(p, _)| p.as_path())
    }
}

/// Whether the file system holding `path` has less room left than one of
/// sled's segments takes to write (Unix; elsewhere, never said).
fn nearly_full(path: &Path) -> bool {
    #[cfg(unix)]
    {
        const ROOM: u64 = 4 * 1024 * 1024;
        rustix::fs::statvfs(path).is_ok_and(|s| s.f_bavail.saturating_mul(s.f_frsize) < ROOM)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// Whether opening failed because the database's place cannot be written.
fn cannot_write(e: &StoreError) -> bool {
    let io = match e {
        StoreError::Io { source, .. } => source,
        StoreError::Sled {
            source: sled::Error::Io(source),
            ..
        } => source,
        _ => return false,
    };
    use io::ErrorKind as K;
    matches!(
        io.kind(),
        K::ReadOnlyFilesystem
            | K::PermissionDenied
            | K::StorageFull
            | K::QuotaExceeded
            | K::FileTooLarge
    )
}

/// A private copy of a database's files in the temporary directory,
/// removed when dropped.
pub(crate) struct Copy {
    pub(crate) dir: PathBuf,
}

impl Copy {
    fn make(from: &Path) -> Result<Copy> {
        let dir = std::env::temp_dir().join(format!("haukiem-copy-{}", uuid::Uuid::now_v7()));
        let io = |source| StoreError::Io {
            path: dir.clone(),
            source,
        };
        crate::files::private_dir(&dir).map_err(io)?;
        let copy = Copy { dir };
        copy_tree(from, &copy.dir).map_err(|source| StoreError::Io {
            path: copy.dir.clone(),
            source,
        })?;
        Ok(copy)
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// sled's files and folders of `from`, copied into `to`, privately.
fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if is_ours(&name.to_string_lossy()) {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type()?.is_dir() {
            crate::files::private_dir(&target)?;
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            crate::files::restrict(&target, false)?;
        }
    }
    Ok(())
}

/// Make every file and folder sled made in a new database private.
///
/// # Errors
/// A mode cannot be changed.
pub(crate) fn secure(dir: &Path) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let is_dir = entry.file_type()?.is_dir();
        crate::files::restrict(&entry.path(), is_dir)?;
        if is_dir {
            secure(&entry.path())?;
        }
    }
    Ok(())
}

/// The database's directory, files and folders that others may read or
/// write, with their modes (Unix; nothing elsewhere).
///
/// # Errors
/// The directory cannot be read.
pub fn loose_permissions(dir: &Path) -> io::Result<Vec<(PathBuf, u32)>> {
    let mut loose = Vec::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mut todo = vec![dir.to_path_buf()];
        while let Some(d) = todo.pop() {
            let mode = std::fs::metadata(&d)?.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                loose.push((d.clone(), mode));
            }
            for entry in std::fs::read_dir(&d)? {
                let entry = entry?;
                if entry.file_type()?.is_dir() {
                    todo.push(entry.path());
                } else {
                    let mode = entry.metadata()?.permissions().mode() & 0o777;
                    if mode & 0o077 != 0 {
                        loose.push((entry.path(), mode));
                    }
                }
            }
        }
        loose.sort();
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(loose)
}

/// What a database directory held before sled opened it: sled recovers a
/// data file whose log it cannot read as an empty database, without a
/// word, and says only "corrupted" of a damaged configuration file.
pub(crate) struct Found {
    /// Bytes in sled's data file.
    data: u64,
    /// The database was set up before (see [`mark_kept`]).
    kept: bool,
}

impl Found {
    pub(crate) fn look(dir: &Path) -> Found {
        Found {
            data: std::fs::metadata(dir.join("db")).map_or(0, |m| m.len()),
            kept: dir.join(KEPT).is_file(),
        }
    }

    /// `e`, naming the configuration file when it is the one that does
    /// not read.
    pub(crate) fn named(&self, e: StoreError) -> StoreError {
        match e {
            StoreError::Damaged {
                path,
                damage: Damage::DataFile,
                sled,
            } if !config_reads(&path) => StoreError::Damaged {
                path,
                damage: Damage::ConfigFile,
                sled,
            },
            other => other,
        }
    }

    /// A data file that held something came back as a new database: its
    /// log did not read.
    pub(crate) fn recovered(&self, db: &sled::Db, dir: &Path) -> Result<()> {
        if self.kept && self.data > 0 && !db.was_recovered() {
            return Err(StoreError::Damaged {
                path: dir.to_path_buf(),
                damage: Damage::DataFile,
                sled: None,
            });
        }
        Ok(())
    }
}

/// Whether sled's configuration file in `dir` is absent or reads: lines of
/// text followed by their CRC-32, little-endian.
fn config_reads(dir: &Path) -> bool {
    let Ok(bytes) = std::fs::read(dir.join("conf")) else {
        return true;
    };
    bytes.split_last_chunk::<4>().is_some_and(|(text, crc)| {
        crc32fast::hash(text) == u32::from_le_bytes(*crc) && std::str::from_utf8(text).is_ok()
    })
}
