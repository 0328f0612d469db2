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

/// Where settings, and by default the example ledger, live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppPaths {
    pub config_dir: PathBuf,
    /// Where new ledgers and the example are suggested.
    pub documents_dir: PathBuf,
}

impl AppPaths {
    /// The folders of this user: the override variable, else %APPDATA% / $XDG_CONFIG_HOME / ~/.config.
    pub fn from_env() -> AppPaths {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(PathBuf::from);
        if let Some(dir) = std::env::var_os(CONFIG_DIR_ENV).filter(|d| !d.is_empty()) {
            let dir = PathBuf::from(dir);
            return AppPaths {
                documents_dir: dir.clone(),
                config_dir: dir,
            };
        }
        let base = if cfg!(windows) {
            std::env::var_os("APPDATA").map(PathBuf::from)
        } else {
            std::env::var_os("XDG_CONFIG_HOME")
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
}

impl Settings {
    /// Reads the settings; a missing or unreadable file gives the defaults (first run).
    pub fn load(paths: &AppPaths) -> Settings {
        std::fs::read(paths.config_dir.join(FILE_NAME))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self, paths: &AppPaths) -> Result<()> {
        std::fs::create_dir_all(&paths.config_dir).map_err(|source| AppError::Write {
            path: paths.config_dir.clone(),
            source,
        })?;
        let bytes =
            serde_json::to_vec_pretty(self).map_err(|e| AppError::Invalid(e.to_string()))?;
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
        s.remember(Path::new("/tmp/a.ledger"));
        s.remember(Path::new("/tmp/b.ledger"));
        s.remember(Path::new("/tmp/a.ledger"));
        assert_eq!(s.recent.len(), 2);
        s.save(&paths).unwrap();
        assert_eq!(Settings::load(&paths), s);
    }
}
