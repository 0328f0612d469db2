//! "In use by whom": a window holds a lock beside the ledger it has open (`NAME.lock`), naming
//! who has it open, where and since when, so a second window on the same ledger says so at once
//! instead of failing later. The command line does not take it: it and the window share a ledger
//! safely (SQLite's own locking), as two windows would, but two people editing the same records in
//! two windows is what the office wants to hear about. The operating system releases the lock
//! when the program ends, however it ends; a lock file left behind is taken over.

use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// A held lock; released (and its file removed) when dropped.
#[derive(Debug)]
pub struct LedgerLock {
    file: std::fs::File,
    path: PathBuf,
}

/// Who holds the lock of a ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InUse {
    pub who: String,
    pub host: String,
    pub since: String,
}

fn lock_path(ledger: &Path) -> PathBuf {
    PathBuf::from(format!("{}.lock", ledger.display()))
}

fn host() -> String {
    ["COMPUTERNAME", "HOSTNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_default()
}

impl LedgerLock {
    /// Takes the lock of `ledger` for `who`. `Ok(None)`: no lock can be kept here (a read-only
    /// folder) and none is needed; `Err`: another window has it.
    pub fn acquire(ledger: &Path, who: &str) -> Result<Option<LedgerLock>, InUse> {
        let path = lock_path(ledger);
        let Ok(mut file) = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        else {
            return Ok(None);
        };
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut text = String::new();
                let read = file.read_to_string(&mut text);
                let mut lines = text.lines().map(str::to_string);
                return Err(InUse {
                    who: lines
                        .next()
                        .filter(|_| read.is_ok())
                        .unwrap_or_else(|| "?".into()),
                    host: lines.next().unwrap_or_default(),
                    since: lines.next().unwrap_or_default(),
                });
            }
            // A file system without locks: nothing to hold.
            Err(std::fs::TryLockError::Error(_)) => return Ok(None),
        }
        let stamp = format!("{who}\n{}\n{}\n", host(), crate::clock::now_utc());
        let written = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(stamp.as_bytes()))
            .and_then(|()| file.flush());
        if written.is_err() {
            // The lock is held; only the note of who holds it is missing.
            eprintln!(
                "Note: could not note who has the ledger open in {}",
                path.display()
            );
        }
        Ok(Some(LedgerLock { file, path }))
    }
}

impl Drop for LedgerLock {
    fn drop(&mut self) {
        // Remove the note first, while still holding the lock, then let the lock go.
        if let Err(e) = std::fs::remove_file(&self.path) {
            eprintln!("Note: could not remove {} ({e})", self.path.display());
        }
        if let Err(e) = self.file.unlock() {
            eprintln!("Note: could not release {} ({e})", self.path.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_told_who_has_it_and_the_lock_goes_with_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = dir.path().join("a.ledger");
        let first = LedgerLock::acquire(&ledger, "环保部 王工")
            .unwrap()
            .unwrap();
        let busy = LedgerLock::acquire(&ledger, "李工").unwrap_err();
        assert_eq!(busy.who, "环保部 王工");
        drop(first);
        assert!(!lock_path(&ledger).exists());
        assert!(LedgerLock::acquire(&ledger, "李工").unwrap().is_some());
    }
}
