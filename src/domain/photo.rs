//! What a photo's bytes must be to enter the ledger, whichever way they come (the window's file
//! picker, an exchange file, a contractor's package): the same checks everywhere.

/// The largest photo accepted (bytes): a ledger is one file and must stay easy to copy.
pub const MAX_PHOTO_BYTES: usize = 20 * 1024 * 1024;

/// How far past now a photo's time may lie (clocks of phones and laptops drift a little).
pub const FUTURE_SLACK: chrono::Duration = chrono::Duration::days(1);

/// The picture's MIME type from its first bytes: JPEG and PNG are what the report can print.
pub fn sniff_mime(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

/// Why a photo's bytes were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoProblem {
    #[error("the photo is empty (0 bytes); attach the picture itself")]
    Empty,
    #[error("the bytes are not a JPEG or PNG picture ({0}); convert it to .jpg or .png")]
    NotAPicture(&'static str),
    #[error("says it is {claimed} but the bytes are {actual}; give the real type")]
    WrongType {
        claimed: String,
        actual: &'static str,
    },
    #[error("is {size_mb} MB; photos up to {max_mb} MB are kept. Reduce the photo's size")]
    TooLarge { size_mb: usize, max_mb: usize },
    #[error("was taken at {0}, which is in the future; check the camera's clock")]
    InTheFuture(String),
}

/// A short guess at what bytes that are not a picture are, for the message.
fn what_it_is(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"MZ") {
        "a Windows program"
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        "an HEIC/MP4 file, as iPhones save"
    } else if bytes.starts_with(b"%PDF") {
        "a PDF"
    } else if bytes.starts_with(b"GIF8") {
        "a GIF"
    } else if bytes.starts_with(b"RIFF") {
        "a WebP or other RIFF file"
    } else if bytes
        .iter()
        .take(512)
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
    {
        "text"
    } else {
        "an unknown kind of file"
    }
}

/// Checks a photo's bytes and its declared type (`None`: take it from the bytes); returns the
/// MIME type the bytes really have.
pub fn check_bytes(bytes: &[u8], claimed: Option<&str>) -> Result<&'static str, PhotoProblem> {
    if bytes.is_empty() {
        return Err(PhotoProblem::Empty);
    }
    let mime = sniff_mime(bytes).ok_or_else(|| PhotoProblem::NotAPicture(what_it_is(bytes)))?;
    // "image/jpg" and "image/pjpeg" are what some tools write for JPEG.
    let same = |claimed: &str| {
        let claimed = claimed.trim().to_ascii_lowercase();
        claimed == mime
            || (mime == "image/jpeg" && matches!(claimed.as_str(), "image/jpg" | "image/pjpeg"))
    };
    if let Some(claimed) = claimed
        && !same(claimed)
    {
        return Err(PhotoProblem::WrongType {
            claimed: claimed.chars().take(40).collect(),
            actual: mime,
        });
    }
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoProblem::TooLarge {
            size_mb: bytes.len().div_ceil(1024 * 1024),
            max_mb: MAX_PHOTO_BYTES / (1024 * 1024),
        });
    }
    Ok(mime)
}

/// A photo's time must not lie in the future (`now`: the time of the check, RFC 3339 both).
pub fn check_taken_at(taken_at: &str, now: &str) -> Result<(), PhotoProblem> {
    let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
    match (parse(taken_at), parse(now)) {
        (Some(t), Some(now)) if t > now + FUTURE_SLACK => {
            Err(PhotoProblem::InTheFuture(taken_at.to_string()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_not_the_picture_it_says() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0];
        assert_eq!(check_bytes(&jpeg, Some("image/jpeg")), Ok("image/jpeg"));
        assert_eq!(check_bytes(&jpeg, Some("IMAGE/JPEG")), Ok("image/jpeg"));
        assert_eq!(check_bytes(b"", None), Err(PhotoProblem::Empty));
        assert_eq!(
            check_bytes(b"MZ\x90\0\x03", Some("image/jpeg")),
            Err(PhotoProblem::NotAPicture("a Windows program"))
        );
        assert!(matches!(
            check_bytes(&jpeg, Some("text/html")),
            Err(PhotoProblem::WrongType { .. })
        ));
        assert!(matches!(
            check_bytes(b"\0\0\0\x18ftypheic", None),
            Err(PhotoProblem::NotAPicture(_))
        ));
        let mut big = jpeg.to_vec();
        big.resize(MAX_PHOTO_BYTES + 1, 0);
        assert!(matches!(
            check_bytes(&big, None),
            Err(PhotoProblem::TooLarge { .. })
        ));
    }

    #[test]
    fn a_photo_from_the_future_is_refused() {
        let now = "2026-12-01T08:00:00Z";
        assert!(check_taken_at("2099-01-01T00:00:00Z", now).is_err());
        assert!(check_taken_at("2026-12-01T20:00:00+08:00", now).is_ok());
        assert!(check_taken_at("2023-04-18T10:20:00+08:00", now).is_ok());
    }
}
