//! The proof that the listing view shows the database as its files are
//! now, checked without opening sled: a small file beside the view naming
//! the database's generation (made anew by every commit, and recorded in
//! each view) and sled's files as they were when a process holding the
//! database saw that generation in them (each file's size, inode, and
//! times of modification and of change).
//!
//! Putting an older copy back (`cp -a backup/. db/`) rewrites every file
//! of sled's: `cp -a` restores sizes and modification times, but the
//! kernel sets each file's time of change, which no copy can set back
//! (`rsync` and `mv` give new inodes). The proof then stops holding, and
//! the view is not used until a process that holds the database has
//! checked it against the database's generation (`Store::vouch_for_view`)
//! or written a new one. Commits need no proof: each removes the view.
//!
//! Of the data file `db` only the inode counts: sled itself changes its
//! size and times after it opens (a truncation on a background thread,
//! unannounced), which would make every proof fail at random. A restore
//! rewrites `conf` and the snapshots too, so the copy is seen all the
//! same; one that rewrote `db` in place and nothing else would not be,
//! and `check` compares a usable view with the database for that.

use std::io;
use std::path::Path;

/// The proof's file name (it starts with the view's: a private copy of
/// the database leaves both behind).
pub(super) const FILE: &str = "listing.view.proof";
const MAGIC: &[u8; 8] = b"HKPROOF\x01";

/// Whether the proof in `dir` names `generation` and sled's files as they
/// are.
pub(super) fn holds(dir: &Path, generation: &[u8; 16]) -> bool {
    let Ok(bytes) = std::fs::read(dir.join(FILE)) else {
        return false;
    };
    let Some((body, crc)) = bytes.split_last_chunk::<4>() else {
        return false;
    };
    if crc32fast::hash(body) != u32::from_le_bytes(*crc) {
        return false;
    }
    let Some(rest) = body.strip_prefix(MAGIC.as_slice()) else {
        return false;
    };
    let Some((named, files)) = rest.split_first_chunk::<16>() else {
        return false;
    };
    named == generation && fingerprint(dir).is_ok_and(|now| now == files)
}

/// Vouch that sled's files in `dir`, as they are now, hold `generation`.
///
/// # Errors
/// The files cannot be looked at, or the proof cannot be written.
pub(super) fn write(dir: &Path, generation: &[u8; 16]) -> io::Result<()> {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(generation);
    bytes.extend_from_slice(&fingerprint(dir)?);
    let crc = crc32fast::hash(&bytes);
    bytes.extend_from_slice(&crc.to_le_bytes());
    crate::files::write(&dir.join(FILE), &bytes)
}

/// sled's files and folders in `dir` (not ours: the view, its proof,
/// temporary files), each with what any change to it changes.
fn fingerprint(dir: &Path) -> io::Result<Vec<u8>> {
    let mut entries: Vec<(String, std::fs::Metadata)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with(super::FILE) && !name.starts_with('.') {
            entries.push((name, entry.metadata()?));
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::new();
    for (name, meta) in entries {
        let what = if name == "db" {
            identity(&meta)
        } else {
            format!("{} {} {}", identity(&meta), meta.len(), times(&meta))
        };
        out.push_str(&format!("{name}\0{what}\n"));
    }
    Ok(out.into_bytes())
}

#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!("{}:{}", meta.dev(), meta.ino())
}

#[cfg(unix)]
fn times(meta: &std::fs::Metadata) -> String {
    use std::os::unix::fs::MetadataExt;
    format!(
        "{}.{} {}.{}",
        meta.mtime(),
        meta.mtime_nsec(),
        meta.ctime(),
        meta.ctime_nsec()
    )
}

#[cfg(not(unix))]
fn identity(meta: &std::fs::Metadata) -> String {
    format!("{:?}", meta.created().ok())
}

#[cfg(not(unix))]
fn times(meta: &std::fs::Metadata) -> String {
    format!("{:?}", meta.modified().ok())
}
