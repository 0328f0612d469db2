//! What can go wrong with a ledger file, phrased for the person who has to act on it.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("The ledger file does not exist. Check the name, or create it with `init`: {0}")]
    Missing(PathBuf),
    #[error("A file already exists there and will not be overwritten. Choose another name: {0}")]
    AlreadyExists(PathBuf),
    #[error(
        "The folder for the ledger does not exist. Create the folder first or choose another place: {0}"
    )]
    MissingFolder(PathBuf),
    #[error(
        "This is not a Restoration Ledger file ({why}). Open a .ledger file made by this program: {path}"
    )]
    NotALedger { path: PathBuf, why: String },
    #[error(
        "The ledger file is damaged ({detail}). It was left untouched; restore it from a backup copy: {path}"
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "The ledger was written by a newer version of Restoration Ledger (schema {found}, this program knows up to {supported}). It was left untouched; update the program to open it: {path}"
    )]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "The ledger is in use by another program or user and stayed locked too long. Try again in a moment: {0}"
    )]
    Busy(PathBuf),
    #[error(
        "The ledger is open read-only, so nothing can be changed. Open it with a role that may edit: {0}"
    )]
    ReadOnly(PathBuf),
    #[error(
        "The ledger file cannot be written (permission denied or read-only medium). Copy it somewhere writable or open it read-only: {0}"
    )]
    NotWritable(PathBuf),
    #[error(
        "{table} record {id} was changed by someone else since it was read (version {expected} expected, {found} found). Reload and make the change again."
    )]
    Conflict {
        table: &'static str,
        id: String,
        expected: i64,
        found: i64,
    },
    #[error("{table} record {id} does not exist (it may have been deleted). Reload the list.")]
    RecordMissing { table: &'static str, id: String },
    #[error(
        "Changing or deleting an approved or verified {table} record needs a reason. Give one and try again."
    )]
    ReasonRequired { table: &'static str },
    #[error("The change breaks a rule of the ledger ({0}). Correct the values and try again.")]
    Constraint(String),
    #[error("Could not read or write the ledger file ({source}): {path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "The disk is full, so the change could not be saved; nothing was written and the ledger is as it was. Free some space on the disk (or save a copy elsewhere) and try again: {0}"
    )]
    DiskFull(PathBuf),
    #[error(
        "The path is {0} bytes long, longer than the {MAX_PATH_BYTES} bytes a ledger path may have. Move the ledger to a folder with a shorter path, or give it a shorter name: {1}"
    )]
    PathTooLong(usize, PathBuf),
    #[error("Database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error(
        "A stored record could not be read ({0}); it was changed outside the program. Run `verify` on the ledger to see which records, and restore it from a backup copy."
    )]
    Decode(String),
    /// The caller gave its transaction up and says why itself (a refused import file).
    #[error("The change was given up; nothing was written and the ledger is as it was.")]
    Abandoned,
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The longest full path SQLite opens, in UTF-8 bytes: its Unix VFS limit (`MAX_PATHNAME`), and
/// on Windows its `SQLITE_WIN32_MAX_PATH_BYTES` (long paths reach it in their `\\?\` form).
#[cfg(not(windows))]
pub const MAX_PATH_BYTES: usize = 512;
#[cfg(windows)]
pub const MAX_PATH_BYTES: usize = 1040;

/// A path SQLite would refuse as "unable to open" (read as "permission denied"): say why instead.
pub fn check_path_length(path: &std::path::Path) -> Result<()> {
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let len = full.as_os_str().len();
    if len >= MAX_PATH_BYTES {
        return Err(StoreError::PathTooLong(len, path.to_path_buf()));
    }
    Ok(())
}

impl StoreError {
    /// Maps a SQLite error raised while working on `path` to the message a user can act on.
    pub fn from_sqlite(e: rusqlite::Error, path: &std::path::Path) -> StoreError {
        use rusqlite::ErrorCode;
        if let rusqlite::Error::SqliteFailure(f, msg) = &e {
            match f.code {
                ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked => {
                    return StoreError::Busy(path.to_path_buf());
                }
                ErrorCode::ReadOnly => return StoreError::NotWritable(path.to_path_buf()),
                ErrorCode::NotADatabase => {
                    return StoreError::NotALedger {
                        path: path.to_path_buf(),
                        why: "not a SQLite database".into(),
                    };
                }
                ErrorCode::DatabaseCorrupt => {
                    return StoreError::Damaged {
                        path: path.to_path_buf(),
                        detail: msg.clone().unwrap_or_else(|| "malformed".into()),
                    };
                }
                ErrorCode::ConstraintViolation => {
                    return StoreError::Constraint(msg.clone().unwrap_or_else(|| f.to_string()));
                }
                ErrorCode::DiskFull => return StoreError::DiskFull(path.to_path_buf()),
                ErrorCode::CannotOpen => {
                    return StoreError::NotWritable(path.to_path_buf());
                }
                _ => {}
            }
        }
        // A value edited behind the program's back into something its column cannot hold.
        if let rusqlite::Error::FromSqlConversionFailure(_, _, why) = &e {
            return StoreError::Decode(why.to_string());
        }
        StoreError::Sqlite(e)
    }
}
