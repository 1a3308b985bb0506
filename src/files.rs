//! Files haukiem writes: private (0600, in directories made 0700, whatever
//! the umask: they hold assessments of Party members) and whole or not at
//! all. A file is written to a temporary file beside the target, synced,
//! renamed over the target and the directory synced; on any failure the
//! target is left as it was and the temporary file is removed. A symbolic
//! link at the target is replaced, never followed.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Mode of every file written.
#[cfg(unix)]
pub const FILE_MODE: u32 = 0o600;
/// Mode of every directory made.
#[cfg(unix)]
pub const DIR_MODE: u32 = 0o700;

/// Write `bytes` to `path`, privately and atomically.
///
/// # Errors
/// The directory cannot take the file (missing, read-only, full): the old
/// file, if any, is left untouched.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_with(path, |w| w.write_all(bytes))
}

/// Write `path` through `fill`, privately and atomically: what `fill`
/// writes goes to a temporary file that replaces `path` only once `fill`
/// has returned `Ok` and the bytes are on disk.
///
/// # Errors
/// What `fill` returns, or the file cannot be written, synced or renamed;
/// the old file, if any, is left untouched and no temporary file remains.
pub fn write_with<E: From<io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), E> {
    Ok(prepare(path, fill)?.commit()?)
}

/// The first half of [`write_with`]: the bytes written and synced to a
/// temporary file beside `path`, which [`Prepared::commit`] puts in place
/// (for a writer that decides at the last moment, under a lock, whether
/// the file may still go in place). Dropped uncommitted, it is removed.
///
/// # Errors
/// What `fill` returns, or the temporary file cannot be written or synced.
pub fn prepare<E: From<io::Error>>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<Prepared, E> {
    let dir = parent(path);
    let temp = Temp::create(&dir, path)?;
    let mut w = BufWriter::with_capacity(1 << 16, temp.file()?);
    fill(&mut w)?;
    let file = w.into_inner().map_err(io::IntoInnerError::into_error)?;
    file.sync_all()?;
    Ok(Prepared {
        temp,
        target: path.to_path_buf(),
        dir,
    })
}

/// A file written beside its target, not yet in place.
pub struct Prepared {
    temp: Temp,
    target: PathBuf,
    dir: PathBuf,
}

impl Prepared {
    /// Rename it over the target and make that durable.
    ///
    /// # Errors
    /// The rename or the directory's sync fails (the temporary file is
    /// then removed).
    pub fn commit(self) -> io::Result<()> {
        std::fs::rename(&self.temp.path, &self.target)?;
        self.temp.disarm();
        sync_dir(&self.dir)
    }
}

/// Make `dir` and its missing parents, each 0700 whatever the umask;
/// whether `dir` itself was made (an existing directory keeps its mode).
///
/// # Errors
/// A parent cannot be written.
pub fn private_dir(dir: &Path) -> io::Result<bool> {
    if dir.is_dir() {
        return Ok(false);
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, DIR_MODE);
    builder.create(dir)?;
    restrict(dir, true)?;
    Ok(true)
}

/// Give `path` the private mode of a file (0600) or a directory (0700).
///
/// # Errors
/// The mode cannot be changed.
pub fn restrict(path: &Path, is_dir: bool) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if is_dir { DIR_MODE } else { FILE_MODE };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, is_dir);
        Ok(())
    }
}

/// Make a rename or removal in `dir` durable.
///
/// # Errors
/// The directory cannot be opened or synced.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// The directory a file goes in (`.` for a bare name).
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The temporary file beside a target, removed on drop unless renamed.
struct Temp {
    path: PathBuf,
    file: Option<File>,
}

impl Temp {
    fn create(dir: &Path, target: &Path) -> io::Result<Temp> {
        let name = target
            .file_name()
            .map_or_else(|| "haukiem".into(), |n| n.to_string_lossy().into_owned());
        let path = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::now_v7().simple()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, FILE_MODE);
        let file = options.open(&path)?;
        let temp = Temp {
            path,
            file: Some(file),
        };
        // The umask can only take bits away; this gives exactly 0600.
        restrict(&temp.path, false)?;
        Ok(temp)
    }

    fn file(&self) -> io::Result<File> {
        match &self.file {
            Some(f) => f.try_clone(),
            None => Err(io::Error::other(crate::i18n::Msg::TempClosed.text())),
        }
    }

    /// Renamed into place: nothing to remove.
    fn disarm(mut self) {
        self.file = None;
        self.path = PathBuf::new();
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        self.file = None;
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_writer_that_fails_midway_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("export.json");
        std::fs::write(&target, b"the previous backup").expect("old file");
        let failed = write_with(&target, |w| -> io::Result<()> {
            w.write_all(&[b'x'; 100_000])?;
            Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"))
        });
        assert_eq!(
            failed.expect_err("the write fails").kind(),
            io::ErrorKind::StorageFull
        );
        assert_eq!(
            std::fs::read(&target).expect("read"),
            b"the previous backup"
        );
        assert_eq!(entries(dir.path()), ["export.json"], "no temporary left");
        write(&target, b"new").expect("a write that succeeds");
        assert_eq!(std::fs::read(&target).expect("read"), b"new");
        assert_eq!(entries(dir.path()), ["export.json"]);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_private_and_a_symlink_is_replaced_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let elsewhere = dir.path().join("elsewhere.txt");
        std::fs::write(&elsewhere, b"not ours").expect("write");
        let link = dir.path().join("report.md");
        std::os::unix::fs::symlink(&elsewhere, &link).expect("symlink");
        write(&link, b"# report").expect("write");
        assert_eq!(std::fs::read(&elsewhere).expect("read"), b"not ours");
        let meta = std::fs::symlink_metadata(&link).expect("metadata");
        assert!(meta.file_type().is_file(), "the link became a file");
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        let made = dir.path().join("a/b/db");
        assert!(private_dir(&made).expect("make"));
        for d in [dir.path().join("a"), dir.path().join("a/b"), made.clone()] {
            let mode = std::fs::metadata(&d).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "{}", d.display());
        }
        assert!(!private_dir(&made).expect("again"), "already there");
    }
}
