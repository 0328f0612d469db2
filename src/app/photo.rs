//! Turning a picture file into a ledger photo: type check, SHA-256, and EXIF time and GPS.

use chrono::{Local, NaiveDateTime, TimeZone};
use exif::{In, Reader, Tag, Value};
use sha2::{Digest, Sha256};

use crate::domain::{Meta, Photo, PhotoOwner, Stamp};

use crate::domain::photo::{self, PhotoProblem};
pub use crate::domain::photo::{MAX_PHOTO_BYTES, sniff_mime};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("\"{0}\" is not a JPEG or PNG picture. Choose a photo saved as .jpg or .png.")]
    NotAPicture(String),
    #[error(
        "\"{name}\" is {size} MB; photos up to {max} MB are kept. Reduce the photo's size and add it again."
    )]
    TooLarge {
        name: String,
        size: usize,
        max: usize,
    },
    #[error(
        "\"{name}\" was taken at {at} by its camera's clock, which is in the future. Check the camera's date and time, then add the photo again."
    )]
    FromTheFuture { name: String, at: String },
}

/// EXIF facts of a picture.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExifFacts {
    /// RFC 3339; EXIF times carry no zone, so the computer's local zone is assumed.
    pub taken_at: Option<Stamp>,
    pub gps_lat_micro: Option<i64>,
    pub gps_lon_micro: Option<i64>,
}

fn ascii(v: &Value) -> Option<String> {
    match v {
        Value::Ascii(parts) => parts
            .first()
            .map(|p| String::from_utf8_lossy(p).trim().to_string()),
        _ => None,
    }
}

fn degrees_micro(v: &Value, reference: Option<String>) -> Option<i64> {
    let Value::Rational(parts) = v else {
        return None;
    };
    if parts.len() < 3 || parts.iter().any(|r| r.denom == 0) {
        return None;
    }
    let deg = parts[0].to_f64() + parts[1].to_f64() / 60.0 + parts[2].to_f64() / 3600.0;
    let sign = match reference.as_deref() {
        Some("S") | Some("W") => -1.0,
        _ => 1.0,
    };
    let micro = (sign * deg * 1_000_000.0).round();
    (micro.abs() <= 180_000_000.0).then_some(micro as i64)
}

/// Reads time and GPS from a picture's EXIF; missing or broken EXIF gives empty facts.
pub fn exif_facts(bytes: &[u8]) -> ExifFacts {
    let Ok(exif) = Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) else {
        return ExifFacts::default();
    };
    let field = |tag| exif.get_field(tag, In::PRIMARY).map(|f| &f.value);
    let taken_at = [Tag::DateTimeOriginal, Tag::DateTime]
        .into_iter()
        .filter_map(|t| field(t).and_then(ascii))
        .find_map(|s| NaiveDateTime::parse_from_str(&s, "%Y:%m:%d %H:%M:%S").ok())
        .and_then(|naive| Local.from_local_datetime(&naive).single())
        .and_then(|t| Stamp::parse(&t.to_rfc3339()).ok());
    let lat = field(Tag::GPSLatitude)
        .and_then(|v| degrees_micro(v, field(Tag::GPSLatitudeRef).and_then(ascii)))
        .filter(|v| v.abs() <= 90_000_000);
    let lon = field(Tag::GPSLongitude)
        .and_then(|v| degrees_micro(v, field(Tag::GPSLongitudeRef).and_then(ascii)));
    ExifFacts {
        taken_at,
        gps_lat_micro: lat,
        gps_lon_micro: lon,
    }
}

/// A photo record for `bytes`, ready for `Writer::insert_photo`.
pub fn photo_record(
    meta: Meta,
    owner_kind: PhotoOwner,
    owner_id: uuid::Uuid,
    file_name: &str,
    bytes: &[u8],
    taken_by: &str,
    place: &str,
) -> Result<Photo, PhotoError> {
    let name = || file_name.to_string();
    // The same checks as every other way into the ledger (an import, a package).
    let mime = photo::check_bytes(bytes, None).map_err(|problem| match problem {
        PhotoProblem::TooLarge { size_mb, max_mb } => PhotoError::TooLarge {
            name: name(),
            size: size_mb,
            max: max_mb,
        },
        _ => PhotoError::NotAPicture(name()),
    })?;
    let facts = exif_facts(bytes);
    if let Some(at) = &facts.taken_at
        && photo::check_taken_at(at, &crate::clock::now_utc()).is_err()
    {
        return Err(PhotoError::FromTheFuture {
            name: name(),
            at: at.to_string(),
        });
    }
    Ok(Photo {
        meta,
        owner_kind,
        owner_id,
        file_name: file_name.chars().take(200).collect(),
        mime: mime.to_string(),
        sha256: hex::encode(Sha256::digest(bytes)),
        size_bytes: bytes.len() as i64,
        taken_at: facts.taken_at,
        gps_lat_micro: facts.gps_lat_micro,
        gps_lon_micro: facts.gps_lon_micro,
        taken_by: taken_by.to_string(),
        place: place.to_string(),
        origin: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn demo_photo() -> Vec<u8> {
        let v: serde_json::Value = serde_json::from_str(crate::app::DEMO_JSON).unwrap();
        let b64 = v["photos"][0]["data"].as_str().unwrap();
        base64::engine::general_purpose::STANDARD
            .decode(b64)
            .unwrap()
    }

    #[test]
    fn reads_exif_time_of_the_demo_photo() {
        let facts = exif_facts(&demo_photo());
        let t = facts.taken_at.expect("EXIF time");
        assert!(t.starts_with("2023-04-18T10:20:00"), "{t}");
    }

    #[test]
    fn refuses_what_is_not_a_picture() {
        let meta = Meta::new("t", &Stamp::parse("2024-01-01T00:00:00Z").unwrap());
        let err = photo_record(
            meta,
            PhotoOwner::Aftercare,
            uuid::Uuid::nil(),
            "notes.txt",
            b"hello",
            "t",
            "",
        )
        .unwrap_err();
        assert_eq!(err, PhotoError::NotAPicture("notes.txt".into()));
    }

    #[test]
    fn hashes_the_bytes() {
        let bytes = demo_photo();
        let meta = Meta::new("t", &Stamp::parse("2024-01-01T00:00:00Z").unwrap());
        let p = photo_record(
            meta,
            PhotoOwner::Aftercare,
            uuid::Uuid::nil(),
            "a.jpg",
            &bytes,
            "t",
            "",
        )
        .unwrap();
        assert_eq!(p.mime, "image/jpeg");
        assert_eq!(p.size_bytes as usize, bytes.len());
        assert_eq!(p.sha256, hex::encode(Sha256::digest(&bytes)));
    }
}
