//! Files the program writes beside a user's file (exports, reports, copies, new ledgers): always
//! through a temporary file with a random name created new (never one a symlink planted in a
//! shared folder can redirect), renamed into place only when complete, with the target's
//! permissions kept; temporaries of a program that was killed are removed on the next write.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{AppError, Result};

/// Longest part of the target's name that goes into a temporary name (a long but valid target
/// name must not make the temporary's name too long).
const NAME_IN_TEMP: usize = 64;

/// How old a temporary of a process that cannot be looked up must be before it counts as stale.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `.NAME.tmp-` : what every temporary for `target` starts with (then the process id, a dash
/// and random characters).
fn temp_stem(target: &Path) -> String {
    let name: String = name_of(target).chars().take(NAME_IN_TEMP).collect();
    format!(".{name}.tmp-")
}

fn temp_prefix(target: &Path) -> String {
    format!("{}{}-", temp_stem(target), std::process::id())
}

/// Whether the process that wrote a temporary named with `pid` has ended.
fn writer_gone(pid: u32, modified: Option<std::time::SystemTime>) -> bool {
    if pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return !proc.join(pid.to_string()).exists();
    }
    modified
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER)
}

/// Removes temporaries for `target` left by a program killed while writing them (`kill -9`
/// during `export --force` used to leave full-size hidden copies forever).
pub fn remove_stale_temporaries(target: &Path) {
    let stem = temp_stem(target);
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&stem) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if !writer_gone(pid, meta.modified().ok()) {
            continue;
        }
        let removed = if meta.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        };
        if let Err(e) = removed {
            // Not ours to insist on (another user's file in a shared folder); it is only space.
            eprintln!(
                "Note: could not remove a stale temporary file ({e}): {}",
                entry.path().display()
            );
        }
    }
}

/// Refuses targets a write must not go to: a folder, a symlink (the file it points to would be
/// replaced, wherever it is), an existing file unless `overwrite`.
pub fn check_target(path: &Path, overwrite: bool) -> Result<()> {
    match path.symlink_metadata() {
        Ok(meta) if meta.file_type().is_symlink() => Err(AppError::Symlink(path.to_path_buf())),
        Ok(meta) if meta.is_dir() => Err(AppError::IsAFolder(path.to_path_buf())),
        Ok(_) if !overwrite => Err(AppError::Exists(path.to_path_buf())),
        _ => Ok(()),
    }
}

/// An I/O failure writing `path`, with a full disk named as such.
pub fn write_error(path: &Path, source: std::io::Error) -> AppError {
    if source.kind() == std::io::ErrorKind::StorageFull {
        return AppError::DiskFull(path.to_path_buf());
    }
    AppError::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `bytes` to `path` through a new temporary file, so a failure never leaves half a file.
pub fn write_atomically(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    write_atomically_with(path, overwrite, &mut |file| {
        file.write_all(bytes).map_err(|e| write_error(path, e))
    })
}

/// [`write_atomically`] of what `write` writes (streamed: a large export is never held whole).
pub fn write_atomically_with(
    path: &Path,
    overwrite: bool,
    write: &mut dyn FnMut(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    check_target(path, overwrite)?;
    remove_stale_temporaries(path);
    let err = |e| write_error(path, e);
    let prefix = temp_prefix(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    // A new file gets the permissions any program's new file gets (0666 less the umask), not
    // the owner-only ones of a temporary: a report in a shared folder stays readable.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(folder_of(path)).map_err(err)?;
    write(tmp.as_file_mut())?;
    tmp.as_file().sync_all().map_err(err)?;
    keep_permissions(path, tmp.path())?;
    // Checked again right before the rename: the target may have appeared meanwhile.
    check_target(path, overwrite)?;
    let placed = if overwrite {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    placed.map(drop).map_err(|e| err(e.error))
}

/// A replaced file keeps its permissions (a report shared read-only stays read-only).
fn keep_permissions(target: &Path, tmp: &Path) -> Result<()> {
    if let Ok(meta) = std::fs::metadata(target) {
        std::fs::set_permissions(tmp, meta.permissions()).map_err(|e| write_error(target, e))?;
    }
    Ok(())
}

/// Builds a file with `build` at a path inside a new temporary folder beside `target`, then moves
/// it to `target` when `build` succeeded (never over an existing file unless `overwrite`). The
/// temporary folder is removed in every case; one left by a killed program goes on the next call.
pub fn build_then_place<T>(
    target: &Path,
    overwrite: bool,
    build: impl FnOnce(&Path) -> Result<T>,
) -> Result<T> {
    check_target(target, overwrite)?;
    remove_stale_temporaries(target);
    let dir = tempfile::Builder::new()
        .prefix(&temp_prefix(target))
        .tempdir_in(folder_of(target))
        .map_err(|e| write_error(target, e))?;
    let built: PathBuf = dir.path().join(name_of(target));
    let out = build(&built)?;
    // Opened for writing: Windows flushes only a file opened so (FlushFileBuffers).
    std::fs::OpenOptions::new()
        .write(true)
        .open(&built)
        .and_then(|f| f.sync_all())
        .map_err(|e| write_error(target, e))?;
    keep_permissions(target, &built)?;
    check_target(target, overwrite)?;
    if overwrite {
        std::fs::rename(&built, target).map_err(|e| write_error(target, e))?;
    } else {
        place_new(&built, target)?;
    }
    dir.close().map_err(|e| write_error(target, e))?;
    Ok(out)
}

/// Moves `built` to `target`, which must not exist: a hard link fails if it does; where the file
/// system has no hard links (FAT sticks) a rename after a last check.
fn place_new(built: &Path, target: &Path) -> Result<()> {
    match std::fs::hard_link(built, target) {
        Ok(()) => std::fs::remove_file(built).map_err(|e| write_error(target, e)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(AppError::Exists(target.to_path_buf()))
        }
        Err(_) if !target.exists() => {
            std::fs::rename(built, target).map_err(|e| write_error(target, e))
        }
        Err(_) => Err(AppError::Exists(target.to_path_buf())),
    }
}

/// Whether the system can show a file dialog. Windows and macOS always can; elsewhere the dialog
/// is the desktop portal's (xdg-desktop-portal, over the session bus) or zenity's, and without
/// either every file dialog returns at once as if cancelled. Looked up once.
pub fn file_dialog_available() -> bool {
    if cfg!(any(windows, target_os = "macos")) {
        return true;
    }
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| in_path("zenity") || portal_installed())
}

fn in_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// A session bus, and the desktop portal's service file where D-Bus looks for it.
fn portal_installed() -> bool {
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty())
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists());
    if !bus {
        return false;
    }
    let data_dirs = std::env::var_os("XDG_DATA_DIRS")
        .filter(|d| !d.is_empty())
        .unwrap_or_else(|| "/usr/local/share:/usr/share".into());
    std::env::split_paths(&data_dirs).any(|d| {
        d.join("dbus-1/services/org.freedesktop.portal.Desktop.service")
            .is_file()
    })
}

/// Opens `path` (a file or a folder) with the program the system uses for it: Explorer or the
/// PDF reader on Windows, `open` on macOS, `xdg-open` elsewhere. Returns once it is started.
pub fn open_with_system(path: &Path) -> std::io::Result<()> {
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("explorer");
        c.arg(path);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(path);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(path);
        c
    };
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .and_then(|mut child| {
            // Reaped when it ends, so no finished child lingers while the window runs.
            std::thread::Builder::new()
                .name("open-with-system".into())
                .spawn(move || {
                    if let Err(e) = child.wait() {
                        eprintln!("Note: the program opening a file could not be waited for: {e}");
                    }
                })
                .map(drop)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_target_name_still_gets_a_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join(format!("{}.json", "报".repeat(80)));
        write_atomically(&target, b"{}", false).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"{}");
    }

    #[test]
    fn temporaries_of_a_dead_process_are_removed_and_a_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        // No process has pid 4294967: its temporary is stale. Ours is in use.
        let dead = dir.path().join(".out.json.tmp-4294967-abc");
        let live = dir
            .path()
            .join(format!(".out.json.tmp-{}-abc", std::process::id()));
        let other = dir.path().join(".other.json.tmp-4294967-abc");
        for p in [&dead, &live, &other] {
            std::fs::write(p, b"x").unwrap();
        }
        write_atomically(&target, b"{}", false).unwrap();
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(other.exists());
    }
}
