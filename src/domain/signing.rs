//! Signatures that let a ledger prove itself (issue 9, case 5). A keyless hash chain proves
//! nothing against someone who rewrites it whole; the department's Ed25519 key, kept outside the
//! ledger, signs checkpoints of the audit head and every report, so a rewritten chain no longer
//! matches what was signed. Whoever holds the key can sign anything: the signature says the
//! key's holder vouched for this state, not that the state is true.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

/// A signed checkpoint: the audit chain passed through entry `seq` with hash `head` when the
/// holder of `public_key` signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub head: String,
    /// RFC 3339, UTC.
    pub signed_at: String,
    /// Why it was signed: report, backup, close, sign.
    pub occasion: String,
    /// Hex of the 32-byte Ed25519 public key.
    pub public_key: String,
    /// Hex of the 64-byte signature over [`checkpoint_message`].
    pub signature: String,
}

/// What a checkpoint signs: the ledger, the entry, its hash and the time.
pub fn checkpoint_message(ledger_id: &str, seq: i64, head: &str, signed_at: &str) -> String {
    format!("RLCHECKPOINT1;ledger={ledger_id};seq={seq};head={head};at={signed_at}")
}

/// What a report's signature signs: its token (fingerprint, audit head, period, language).
pub fn report_message(token: &str) -> String {
    format!("RLREPORTSIG1;{token}")
}

/// The public key (hex) of a secret key.
pub fn public_key_of(secret: &[u8; 32]) -> String {
    hex::encode(SigningKey::from_bytes(secret).verifying_key().to_bytes())
}

/// Signs `message` (deterministic: the same key and message give the same signature).
pub fn sign(secret: &[u8; 32], message: &str) -> String {
    hex::encode(
        SigningKey::from_bytes(secret)
            .sign(message.as_bytes())
            .to_bytes(),
    )
}

/// Whether `signature` (hex) is `public_key`'s (hex) signature of `message`.
pub fn verify(public_key: &str, message: &str, signature: &str) -> bool {
    let key = hex::decode(public_key)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .and_then(|b| VerifyingKey::from_bytes(&b).ok());
    let sig = hex::decode(signature)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| Signature::from_bytes(&b));
    match (key, sig) {
        (Some(key), Some(sig)) => key.verify_strict(message.as_bytes(), &sig).is_ok(),
        _ => false,
    }
}

/// How a person reads and compares a key: its first 16 hex digits in groups of four.
pub fn key_id(public_key: &str) -> String {
    let head: String = public_key.chars().take(16).collect();
    head.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_verifies_only_for_its_key_and_message() {
        let secret = [7u8; 32];
        let public = public_key_of(&secret);
        let msg = checkpoint_message("L", 12, "ab", "2026-12-01T00:00:00Z");
        let sig = sign(&secret, &msg);
        assert_eq!(sig, sign(&secret, &msg), "deterministic");
        assert!(verify(&public, &msg, &sig));
        assert!(!verify(&public, &msg.replace("12", "13"), &sig));
        assert!(!verify(&public_key_of(&[8u8; 32]), &msg, &sig));
        assert!(!verify("zz", &msg, &sig));
        assert_eq!(key_id(&public).len(), 19);
    }
}
