//! What the window remembers between runs: last and recent files, language, who is working.
//!
//! Kept as a small JSON file in the user's config folder; `RESTORATION_LEDGER_CONFIG_DIR`
//! overrides the folder (tests use it so they never touch the real home).

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use super::{AppError, Result, Role, write_atomically};
use crate::i18n::Lang;

/// Environment variable that replaces the config folder.
pub const CONFIG_DIR_ENV: &str = "RESTORATION_LEDGER_CONFIG_DIR";

/// How many recent files the File menu lists.
pub const MAX_RECENT: usize = 8;

const FILE_NAME: &str = "settings.json";

/// Settings are a few hundred bytes; anything larger than this is not a settings file.
const MAX_FILE_BYTES: u64 = 1 << 20;

/// Where settings, and by default the example ledger, live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    pub config_dir: PathBuf,
    /// Where new ledgers and the example are suggested.
    pub documents_dir: PathBuf,
}

impl AppPaths {
    /// The folders of this user: the override variable, else the system's own folders — on
    /// Windows the Known Folders (Roaming AppData, Documents, wherever the user or OneDrive moved
    /// them), elsewhere $XDG_CONFIG_HOME or ~/.config and ~/Documents — asked of the system with
    /// `dirs` (not worked out from HOME), then the environment as a fallback.
    pub fn from_env() -> AppPaths {
        let from_vars = AppPaths::from_vars(|name| std::env::var_os(name));
        if std::env::var_os(CONFIG_DIR_ENV).is_some_and(|d| !d.is_empty()) {
            return from_vars;
        }
        let config_dir = dirs::config_dir()
            .map(|d| d.join("restoration-ledger"))
            .unwrap_or(from_vars.config_dir);
        let documents_dir = dirs::document_dir()
            .filter(|d| d.is_dir())
            .unwrap_or(from_vars.documents_dir);
        AppPaths {
            config_dir,
            documents_dir,
        }
    }

    /// [`AppPaths::from_env`] with the environment given as a lookup (tests pass their own, since
    /// the process environment cannot be changed safely while tests run in parallel).
    pub fn from_vars(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> AppPaths {
        let home = var("HOME")
            .or_else(|| var("USERPROFILE"))
            .map(PathBuf::from);
        if let Some(dir) = var(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
            let dir = PathBuf::from(dir);
            return AppPaths {
                documents_dir: dir.clone(),
                config_dir: dir,
            };
        }
        let base = if cfg!(windows) {
            var("APPDATA").map(PathBuf::from)
        } else {
            var("XDG_CONFIG_HOME")
                .filter(|d| !d.is_empty())
                .map(PathBuf::from)
                .or_else(|| home.as_ref().map(|h| h.join(".config")))
        };
        let config_dir = base
            .unwrap_or_else(std::env::temp_dir)
            .join("restoration-ledger");
        let documents_dir = home
            .map(|h| h.join("Documents"))
            .filter(|d| d.is_dir())
            .unwrap_or_else(|| config_dir.clone());
        AppPaths {
            config_dir,
            documents_dir,
        }
    }

    /// Both folders are this one (tests).
    pub fn in_dir(dir: &Path) -> AppPaths {
        AppPaths {
            config_dir: dir.to_path_buf(),
            documents_dir: dir.to_path_buf(),
        }
    }

    /// Where "open the example" creates its ledger.
    pub fn example_ledger(&self) -> PathBuf {
        self.documents_dir.join("huayang2-demo.ledger")
    }
}

/// The remembered choices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub last_file: Option<PathBuf>,
    pub recent: Vec<PathBuf>,
    pub lang: Lang,
    pub operator: String,
    pub role: Option<Role>,
    /// The view last shown (its code), reopened on start.
    pub view: String,
    /// The window's inner size (points) when it was last closed, reopened at that size.
    pub window_size: Option<[f32; 2]>,
}

/// The window's size on a first start.
pub const DEFAULT_WINDOW_SIZE: [f32; 2] = [1280.0, 800.0];
/// The smallest window the views are laid out for.
pub const MIN_WINDOW_SIZE: [f32; 2] = [800.0, 500.0];

impl Settings {
    /// The size to open the window at: the remembered one when it is a sane size (not below the
    /// smallest, nor absurdly large from a damaged file), else the default.
    pub fn window_size(&self) -> [f32; 2] {
        self.window_size
            .filter(|[w, h]| {
                w.is_finite()
                    && h.is_finite()
                    && (MIN_WINDOW_SIZE[0]..=20_000.0).contains(w)
                    && (MIN_WINDOW_SIZE[1]..=20_000.0).contains(h)
            })
            .unwrap_or(DEFAULT_WINDOW_SIZE)
    }

    /// Reads the settings; a missing or unreadable file gives the defaults (first run).
    pub fn load(paths: &AppPaths) -> Settings {
        Settings::load_checked(paths).0
    }

    /// Where the settings file is.
    pub fn file(paths: &AppPaths) -> PathBuf {
        paths.config_dir.join(FILE_NAME)
    }

    /// Reads the settings, never failing: a missing file is a first run (defaults, no message); a
    /// file that cannot be read or is not valid settings gives the defaults and a message to show.
    /// A damaged file is kept beside as `settings.json.bad` so saving does not destroy it.
    /// Recent files that no longer exist are left out.
    pub fn load_checked(paths: &AppPaths) -> (Settings, Option<String>) {
        let path = Settings::file(paths);
        let bytes = match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Settings::default(), None);
            }
            Ok(m) if m.len() > MAX_FILE_BYTES => {
                return Settings::damaged(&path, "it is far too large to be settings".into());
            }
            _ => match std::fs::read(&path) {
                Ok(b) => b,
                Err(e) => {
                    return (
                        Settings::default(),
                        Some(format!(
                            "Your settings could not be read ({e}), so the program started with default settings. Check the file's permissions, or delete it: {}",
                            path.display()
                        )),
                    );
                }
            },
        };
        match serde_json::from_slice::<Settings>(&bytes) {
            Ok(mut s) => {
                s.forget_missing();
                (s, None)
            }
            Err(e) => Settings::damaged(&path, e.to_string()),
        }
    }

    fn damaged(path: &Path, why: String) -> (Settings, Option<String>) {
        let mut bad = path.as_os_str().to_owned();
        bad.push(".bad");
        let bad = PathBuf::from(bad);
        let kept = std::fs::rename(path, &bad).is_ok();
        let message = if kept {
            format!(
                "Your settings file is damaged ({why}), so the program started with default settings. The damaged file was kept as {}; nothing needs doing unless you want its choices back: {}",
                bad.display(),
                path.display()
            )
        } else {
            format!(
                "Your settings file is damaged ({why}), so the program started with default settings. Delete the file if this message comes back: {}",
                path.display()
            )
        };
        (Settings::default(), Some(message))
    }

    /// Drops recent files (and the last file) that no longer exist, and duplicates; keeps at most
    /// [`MAX_RECENT`].
    pub fn forget_missing(&mut self) {
        let mut seen = std::collections::HashSet::new();
        self.recent
            .retain(|p| p.is_file() && seen.insert(p.clone()));
        self.recent.truncate(MAX_RECENT);
        if self.last_file.as_ref().is_some_and(|p| !p.is_file()) {
            self.last_file = None;
        }
    }

    /// Removes `path` from the recent files (it could not be opened).
    pub fn forget(&mut self, path: &Path) {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &abs && p != path);
        if self
            .last_file
            .as_ref()
            .is_some_and(|p| p == &abs || p == path)
        {
            self.last_file = None;
        }
    }

    pub fn save(&self, paths: &AppPaths) -> Result<()> {
        std::fs::create_dir_all(&paths.config_dir).map_err(|source| AppError::Write {
            path: paths.config_dir.clone(),
            source,
        })?;
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| {
            AppError::from(super::refusal::Refusal::Internal { why: e.to_string() })
        })?;
        write_atomically(&paths.config_dir.join(FILE_NAME), &bytes, true)
    }

    /// Remembers `path` as the last file and first of the recent files.
    pub fn remember(&mut self, path: &Path) {
        // Absolute, not canonical: no symlink resolution and no `\\?\` prefix on Windows.
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path.clone());
        self.recent.truncate(MAX_RECENT);
        self.last_file = Some(path);
    }

    /// Name and role were given.
    pub fn has_identity(&self) -> bool {
        !self.operator.trim().is_empty() && self.role.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_recent_files_stay_unique() {
        let dir = tempfile::tempdir().unwrap();
        let paths = AppPaths::in_dir(dir.path());
        assert_eq!(Settings::load(&paths), Settings::default());
        let mut s = Settings {
            operator: "王工".into(),
            role: Some(Role::Contractor),
            lang: Lang::En,
            ..Settings::default()
        };
        let a = dir.path().join("a.ledger");
        let b = dir.path().join("b.ledger");
        std::fs::write(&a, "").unwrap();
        std::fs::write(&b, "").unwrap();
        s.remember(&a);
        s.remember(&b);
        s.remember(&a);
        assert_eq!(s.recent.len(), 2);
        s.save(&paths).unwrap();
        assert_eq!(Settings::load(&paths), s);
    }
}
