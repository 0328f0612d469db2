//! The department's signing key, kept outside every ledger (in the user's settings folder, where
//! it can be exported and backed up), and the signed checkpoints it writes into a ledger: at each
//! report, backup, window close and `sign`. `check` says where a ledger no longer matches what was
//! signed. What this proves and does not: see README ("What a signature proves").

use super::refusal::Refusal;
use crate::store::{Backend, Ledger, LedgerWriter};
use std::path::{Path, PathBuf};

use super::settings::AppPaths;
use super::{AppError, Result};
use crate::domain::audit::{CheckpointAt, FindingKind};
use crate::domain::signing::{self, Checkpoint};
use crate::store::Finding;

/// The key file in the settings folder.
pub const KEY_FILE: &str = "department-signing.key";
/// Every checkpoint this key signed (ledger id, entry, hash, time): lets `verify` say that a
/// checkpoint was removed from a ledger, while the key is at hand.
pub const LOG_FILE: &str = "signed-checkpoints.log";
const HEADER: &str = "restoration-ledger department signing key v1";

/// The department's Ed25519 signing key.
pub struct DepartmentKey {
    secret: [u8; 32],
    pub public_key: String,
    /// Where it is kept.
    pub path: PathBuf,
}

impl std::fmt::Debug for DepartmentKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DepartmentKey({})", signing::key_id(&self.public_key))
    }
}

fn bad_key(path: &Path, why: &str) -> AppError {
    Refusal::KeyDamaged {
        why: why.to_string(),
        path: path.to_path_buf(),
    }
    .into()
}

impl DepartmentKey {
    fn from_text(text: &str, path: &Path) -> Result<DepartmentKey> {
        let mut lines = text.lines();
        if lines.next().map(str::trim) != Some(HEADER) {
            return Err(bad_key(path, "not a signing key file"));
        }
        let secret = lines
            .find_map(|l| l.trim().strip_prefix("secret="))
            .and_then(|h| hex::decode(h).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| bad_key(path, "no secret"))?;
        let public_key = signing::public_key_of(&secret);
        Ok(DepartmentKey {
            secret,
            public_key,
            path: path.to_path_buf(),
        })
    }

    fn to_text(&self) -> String {
        format!(
            "{HEADER}\n# Keep this file secret and back it up: whoever holds it can sign for the department.\nsecret={}\npublic={}\n",
            hex::encode(self.secret),
            self.public_key
        )
    }

    /// The key of this user, if one was made or imported here.
    pub fn load(paths: &AppPaths) -> Result<Option<DepartmentKey>> {
        let path = paths.config_dir.join(KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => DepartmentKey::from_text(&text, &path).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(AppError::Read { path, source }),
        }
    }

    /// The key of this user, made now when there is none yet.
    pub fn load_or_create(paths: &AppPaths) -> Result<DepartmentKey> {
        if let Some(key) = DepartmentKey::load(paths)? {
            return Ok(key);
        }
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret)
            .map_err(|e| AppError::from(Refusal::NoRandomNumbers { why: e.to_string() }))?;
        let path = paths.config_dir.join(KEY_FILE);
        let key = DepartmentKey {
            public_key: signing::public_key_of(&secret),
            secret,
            path: path.clone(),
        };
        std::fs::create_dir_all(&paths.config_dir)
            .map_err(|e| super::files::write_error(&path, e))?;
        match super::files::write_atomically(&path, key.to_text().as_bytes(), false) {
            Ok(()) => {
                restrict_to_owner(&path)?;
                Ok(key)
            }
            // Another program made one at the same moment: that one is the key.
            Err(AppError::Exists(_)) => DepartmentKey::load(paths)?
                .ok_or_else(|| bad_key(&path, "it vanished while being made")),
            Err(e) => Err(e),
        }
    }

    /// Installs a key exported from another computer (never over a different key).
    pub fn import(paths: &AppPaths, from: &Path) -> Result<DepartmentKey> {
        let text = super::read_file(from)
            .and_then(|b| String::from_utf8(b).map_err(|_| bad_key(from, "not text")))?;
        let key = DepartmentKey::from_text(&text, from)?;
        let path = paths.config_dir.join(KEY_FILE);
        if let Some(existing) = DepartmentKey::load(paths)? {
            if existing.public_key == key.public_key {
                return Ok(existing);
            }
            return Err(Refusal::OtherKeyInstalled {
                installed: signing::key_id(&existing.public_key),
                imported: signing::key_id(&key.public_key),
                path,
            }
            .into());
        }
        std::fs::create_dir_all(&paths.config_dir)
            .map_err(|e| super::files::write_error(&path, e))?;
        super::files::write_atomically(&path, key.to_text().as_bytes(), false)?;
        restrict_to_owner(&path)?;
        Ok(DepartmentKey { path, ..key })
    }

    /// Writes a copy of the key (for a backup, or for the department's other computers).
    pub fn export(&self, out: &Path) -> Result<()> {
        super::files::write_atomically(out, self.to_text().as_bytes(), false)?;
        restrict_to_owner(out)
    }

    pub fn sign(&self, message: &str) -> String {
        signing::sign(&self.secret, message)
    }

    fn log_path(&self) -> PathBuf {
        self.path.with_file_name(LOG_FILE)
    }

    /// Checkpoints this key signed for the ledger `ledger_id`: (seq, head, signed at).
    fn logged(&self, ledger_id: &str) -> Vec<(i64, String, String)> {
        let text = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        text.lines()
            .filter_map(|l| {
                let p: Vec<&str> = l.split_whitespace().collect();
                match p.as_slice() {
                    [id, seq, head, at] if *id == ledger_id => {
                        Some((seq.parse().ok()?, head.to_string(), at.to_string()))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    fn log(&self, ledger_id: &str, cp: &Checkpoint) -> Result<()> {
        use std::io::Write;
        let path = self.log_path();
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| super::files::write_error(&path, e))?;
        writeln!(f, "{ledger_id} {} {} {}", cp.seq, cp.head, cp.signed_at)
            .map_err(|e| super::files::write_error(&path, e))
    }
}

/// The key file holds a secret: only its owner may read it.
fn restrict_to_owner(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
            .map_err(|e| super::files::write_error(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Records `key` as the ledger's signing key when it has none (audited), and refuses to sign a
/// ledger that names another key.
pub fn adopt(store: &mut impl Backend, key: &DepartmentKey, operator: &str) -> Result<()> {
    match store.info("signing_key")? {
        Some(k) if k == key.public_key => Ok(()),
        Some(k) => Err(Refusal::LedgerOfAnotherKey {
            ledger_key: signing::key_id(&k),
            ours: signing::key_id(&key.public_key),
            ledger: store.location(),
        }
        .into()),
        None => {
            store.write(operator, |w| {
                w.set_info_audited("signing_key", &key.public_key, "department signing key")
            })?;
            Ok(())
        }
    }
}

/// Signs a checkpoint of the ledger's audit head now (`occasion`: report, backup, close, sign).
pub fn sign_checkpoint(
    store: &mut impl Backend,
    key: &DepartmentKey,
    operator: &str,
    occasion: &str,
) -> Result<Checkpoint> {
    adopt(store, key, operator)?;
    let ledger_id = store.ledger_id()?;
    let (seq, head) = store.audit_head()?;
    let signed_at = crate::clock::now_utc();
    let signature = key.sign(&signing::checkpoint_message(
        &ledger_id, seq, &head, &signed_at,
    ));
    let cp = Checkpoint {
        seq,
        head,
        signed_at,
        occasion: occasion.to_string(),
        public_key: key.public_key.clone(),
        signature,
    };
    store.add_checkpoint(&cp)?;
    key.log(&ledger_id, &cp)?;
    Ok(cp)
}

/// Opens `ledger` to write and signs a checkpoint there, when this user has the department's
/// key and the ledger is theirs to sign; says why not otherwise (nothing is changed then).
pub fn checkpoint_file(
    paths: &AppPaths,
    ledger: &Path,
    operator: &str,
    occasion: &str,
) -> Result<Option<Checkpoint>> {
    let Some(key) = DepartmentKey::load(paths)? else {
        return Ok(None);
    };
    let mut store = super::open_file(ledger, crate::store::Access::ReadWrite)?;
    if store
        .info("signing_key")?
        .is_some_and(|k| k != key.public_key)
    {
        return Ok(None);
    }
    sign_checkpoint(&mut store, &key, operator, occasion).map(Some)
}

/// How this file stands to a checkpoint the department's key signed for its ledger that the file
/// does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copy {
    /// The file stops before the signed entry and agrees with every signed state it reaches: an
    /// older copy (`file_head`: its last entry).
    Older { file_head: i64 },
    /// The file ends exactly at the signed entry, with the signed hash: that state was signed on
    /// another copy (a report printed from a copy), nothing is missing.
    SignedElsewhere,
    /// The file holds the signed entry unchanged and went on past it, without the checkpoint.
    Removed,
    /// The file's entry there differs: the two copies went different ways after `agree_to`
    /// (the newest signed entry they share, 0 when none).
    Diverged { agree_to: i64 },
}

/// A checkpoint the department's key signed for this ledger that this file does not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unkept {
    pub seq: i64,
    pub signed_at: String,
    pub state: Copy,
}

/// The checkpoints `key` signed for `ledger_id` that the file does not hold (`kept`), each once,
/// oldest first, with how the file stands to each.
fn unkept(
    store: &impl Ledger,
    key: &DepartmentKey,
    ledger_id: &str,
    kept: &[(i64, String)],
) -> Result<Vec<Unkept>> {
    let (file_head, _) = store.audit_head()?;
    let mut logged = key.logged(ledger_id);
    logged.sort();
    logged.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    // Signed states this file holds unchanged, to say where two copies still agree.
    let mut shared: Vec<i64> = Vec::new();
    for (seq, head) in kept
        .iter()
        .cloned()
        .chain(logged.iter().map(|l| (l.0, l.1.clone())))
    {
        if store.audit_hash_at(seq)?.as_deref() == Some(head.as_str()) {
            shared.push(seq);
        }
    }
    let mut out = Vec::new();
    for (seq, head, signed_at) in logged {
        if kept.contains(&(seq, head.clone())) {
            continue;
        }
        let state = if file_head < seq {
            Copy::Older { file_head }
        } else {
            match store.audit_hash_at(seq)? {
                Some(h) if h == head && file_head == seq => Copy::SignedElsewhere,
                Some(h) if h == head => Copy::Removed,
                Some(_) => Copy::Diverged {
                    agree_to: shared
                        .iter()
                        .copied()
                        .filter(|s| *s < seq)
                        .max()
                        .unwrap_or(0),
                },
                None => Copy::Removed,
            }
        };
        out.push(Unkept {
            seq,
            signed_at,
            state,
        });
    }
    Ok(out)
}

/// The newest signed state this file is older than, when it is an older copy: (the signed entry,
/// when it was signed, the file's last entry). Not a finding: an older copy is not a forgery.
pub fn older_copy(
    store: &impl Ledger,
    key: Option<&DepartmentKey>,
) -> Result<Option<(i64, String, i64)>> {
    let Some(key) = key else {
        return Ok(None);
    };
    let ledger_id = store.info("ledger_id")?.unwrap_or_default();
    let kept: Vec<(i64, String)> = store
        .checkpoints()?
        .into_iter()
        .map(|c| (c.seq, c.head))
        .collect();
    Ok(unkept(store, key, &ledger_id, &kept)?
        .into_iter()
        .filter_map(|u| match u.state {
            Copy::Older { file_head } => Some((u.seq, u.signed_at, file_head)),
            _ => None,
        })
        .max_by_key(|o| o.0))
}

fn finding(record: String, problem: String, kind: FindingKind) -> Finding {
    Finding {
        table: "signatures".into(),
        record_id: record,
        problem,
        kind,
    }
}

/// What the ledger's signatures say: each checkpoint's signature, that the chain still passes
/// through it, that the signing key is the one the audit trail recorded, and — with the
/// department's key at hand — that the ledger names that key and kept every checkpoint it signed.
pub fn check(store: &impl Ledger, key: Option<&DepartmentKey>) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    let recorded = store.info("signing_key")?;
    let ledger_id = store.info("ledger_id")?.unwrap_or_default();
    let audited = store
        .audit_entries(Some("signing_key"))?
        .into_iter()
        .rfind(|e| e.table_name == "ledger_info")
        .and_then(|e| e.new_value)
        .and_then(|v| serde_json::from_str::<serde_json::Value>(&v).ok())
        .and_then(|v| v.get("value").and_then(|s| s.as_str()).map(str::to_string));
    if recorded != audited {
        out.push(finding(
            String::new(),
            format!(
                "the ledger's signing key ({}) is not the one its audit trail recorded ({}): it was swapped behind the program's back",
                recorded.as_deref().map_or("none".into(), signing::key_id),
                audited.as_deref().map_or("none".into(), signing::key_id)
            ),
            FindingKind::KeySwapped {
                recorded: recorded.as_deref().map(signing::key_id),
                audited: audited.as_deref().map(signing::key_id),
            },
        ));
    }
    for cp in store.checkpoints()? {
        let at = format!("#{} ({}, {})", cp.seq, cp.occasion, cp.signed_at);
        let here = CheckpointAt {
            seq: cp.seq,
            occasion: cp.occasion.clone(),
            signed_at: cp.signed_at.clone(),
        };
        let message = signing::checkpoint_message(&ledger_id, cp.seq, &cp.head, &cp.signed_at);
        if !signing::verify(&cp.public_key, &message, &cp.signature) {
            out.push(finding(
                at,
                "the checkpoint's signature does not verify: it was forged or altered".into(),
                FindingKind::CheckpointForged { at: here },
            ));
            continue;
        }
        if recorded.as_deref() != Some(cp.public_key.as_str()) {
            out.push(finding(
                at.clone(),
                format!(
                    "was signed by key {}, not by the ledger's key",
                    signing::key_id(&cp.public_key)
                ),
                FindingKind::CheckpointOtherKey {
                    at: here.clone(),
                    key: signing::key_id(&cp.public_key),
                },
            ));
        }
        match store.audit_hash_at(cp.seq)? {
            Some(h) if h == cp.head => {}
            Some(_) => out.push(finding(
                at,
                format!(
                    "the audit chain no longer matches this signed checkpoint: entry {} was rewritten after it was signed",
                    cp.seq
                ),
                FindingKind::CheckpointRewritten { at: here },
            )),
            None if cp.seq == 0 => {}
            None => out.push(finding(
                at,
                format!(
                    "the audit chain no longer reaches entry {}, which was signed: entries were removed",
                    cp.seq
                ),
                FindingKind::CheckpointUnreachable { at: here },
            )),
        }
    }
    if let Some(key) = key {
        if let Some(k) = &recorded
            && *k != key.public_key
        {
            out.push(finding(
                String::new(),
                format!(
                    "the ledger names signing key {}, but the department's key here is {}: the key in the ledger was swapped, or this is another department's ledger",
                    signing::key_id(k),
                    signing::key_id(&key.public_key)
                ),
                FindingKind::KeyNotTheDepartments {
                    ledger: signing::key_id(k),
                    department: signing::key_id(&key.public_key),
                },
            ));
        }
        let kept: Vec<(i64, String)> = store
            .checkpoints()?
            .into_iter()
            .map(|c| (c.seq, c.head))
            .collect();
        for logged in unkept(store, key, &ledger_id, &kept)? {
            match logged.state {
                // An older copy, or the very state signed on another copy: nothing was removed.
                Copy::Older { .. } | Copy::SignedElsewhere => {}
                Copy::Removed => out.push(finding(
                    format!("#{} ({})", logged.seq, logged.signed_at),
                    "this department's key signed a checkpoint here that the ledger no longer holds, and the ledger went on past it: checkpoints were removed".into(),
                    FindingKind::CheckpointRemoved {
                        seq: logged.seq,
                        signed_at: logged.signed_at.clone(),
                    },
                )),
                Copy::Diverged { agree_to } => out.push(finding(
                    format!("#{} ({})", logged.seq, logged.signed_at),
                    format!(
                        "this file and the copy this department's key signed at entry #{} went different ways after entry #{agree_to}: find which copy is the ledger of record",
                        logged.seq
                    ),
                    FindingKind::CopiesDiverged {
                        seq: logged.seq,
                        signed_at: logged.signed_at.clone(),
                        agree_to,
                    },
                )),
            }
        }
    }
    Ok(out)
}
