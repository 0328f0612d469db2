//! PDF/A-2b for the printed report: what printpdf 0.12 does not write for that level, added to
//! its lopdf document before saving (an archive can keep the report and a validator accepts it).
//!
//! printpdf writes the PDF/X kind of OutputIntent with a CMYK profile, an empty
//! `/GTS_PDFXVersion` and no `pdfaid` XMP. This adds an sRGB OutputIntent (`/S /GTS_PDFA1`, the
//! report draws in DeviceRGB), XMP metadata with `pdfaid:part=2` / `conformance=B` that agrees
//! with the document info, drops the empty info entries, and sets the document `/ID` from the
//! report's token, so the same ledger and period print the same bytes.

use lopdf::{Dictionary, Document, Object, StringFormat};
use sha2::{Digest, Sha256};

/// What the XMP metadata repeats of the document info (PDF/A asks the two to agree).
pub(super) struct Info<'a> {
    pub title: &'a str,
    pub subject: &'a str,
    pub creator: &'a str,
    pub producer: &'a str,
    pub keywords: &'a str,
    /// The creation (and modification) date, Unix seconds.
    pub printed_at: i64,
    /// The report's token: the document `/ID` is derived from it.
    pub token: &'a str,
}

/// Makes `doc` (as printpdf built it) a PDF/A-2b document.
pub(super) fn make_pdfa(doc: &mut Document, info: &Info<'_>) {
    // The document /ID: the same for the same token (fingerprint, period, language, layout).
    let id = Sha256::digest(info.token.as_bytes())[..16].to_vec();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    // PDF/A: no empty /GTS_PDFXVersion; info entries the XMP does not repeat are left out.
    if let Ok(Object::Reference(info_id)) = doc.trailer.get(b"Info").cloned()
        && let Ok(Object::Dictionary(d)) = doc.get_object_mut(info_id)
    {
        d.remove(b"GTS_PDFXVersion");
        d.remove(b"Author");
        d.remove(b"Trapped");
    }
    let icc = doc.add_object(Object::Stream(
        lopdf::Stream::new(
            Dictionary::from_iter(vec![("N", Object::Integer(3))]),
            srgb_profile(),
        )
        .with_compression(true),
    ));
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        (
            "OutputConditionIdentifier",
            Object::string_literal("sRGB IEC61966-2.1"),
        ),
        (
            "RegistryName",
            Object::string_literal("http://www.color.org"),
        ),
        ("Info", Object::string_literal("sRGB IEC61966-2.1")),
        ("DestinationOutputProfile", Object::Reference(icc)),
    ]);
    // XMP is left uncompressed, so any tool (and a person with a text editor) can read it.
    let xmp = doc.add_object(Object::Stream(
        lopdf::Stream::new(
            Dictionary::from_iter(vec![
                ("Type", Object::Name(b"Metadata".to_vec())),
                ("Subtype", Object::Name(b"XML".to_vec())),
            ]),
            xmp(info).into_bytes(),
        )
        .with_compression(false),
    ));
    if let Ok(Object::Reference(root)) = doc.trailer.get(b"Root").cloned()
        && let Ok(Object::Dictionary(catalog)) = doc.get_object_mut(root)
    {
        catalog.set(
            "OutputIntents",
            Object::Array(vec![Object::Dictionary(intent)]),
        );
        catalog.set("Metadata", Object::Reference(xmp));
    }
}

/// Text as XML character data. `;` is written as a character reference too, so the report's
/// token appears as raw bytes only in the document info (where `verify --report` reads it).
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            ';' => out.push_str("&#59;"),
            c => out.push(c),
        }
    }
    out
}

fn xmp(info: &Info<'_>) -> String {
    let date = chrono::DateTime::from_timestamp(info.printed_at, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string();
    let alt = |v: &str| {
        format!(
            "<rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt>",
            xml(v)
        )
    };
    format!(
        "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n\
<pdfaid:part>2</pdfaid:part>\n\
<pdfaid:conformance>B</pdfaid:conformance>\n\
<dc:format>application/pdf</dc:format>\n\
<dc:title>{title}</dc:title>\n\
<dc:description>{subject}</dc:description>\n\
<xmp:CreatorTool>{creator}</xmp:CreatorTool>\n\
<xmp:CreateDate>{date}</xmp:CreateDate>\n\
<xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
<xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
<pdf:Producer>{producer}</pdf:Producer>\n\
<pdf:Keywords>{keywords}</pdf:Keywords>\n\
</rdf:Description>\n\
</rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        title = alt(info.title),
        subject = alt(info.subject),
        creator = xml(info.creator),
        producer = xml(info.producer),
        keywords = xml(info.keywords),
    )
}

/// An ICC v2 display profile of sRGB (IEC 61966-2.1), built from the standard's published
/// values: D50-adapted primaries and white point, and the sRGB tone curve sampled at 256
/// points (shared by the three channels). Written here rather than shipped, so the program carries no third-party profile.
pub(super) fn srgb_profile() -> Vec<u8> {
    fn s15(v: f64) -> [u8; 4] {
        ((v * 65536.0).round() as i32).to_be_bytes()
    }
    fn xyz(x: f64, y: f64, z: f64) -> Vec<u8> {
        let mut t = b"XYZ \0\0\0\0".to_vec();
        for v in [x, y, z] {
            t.extend_from_slice(&s15(v));
        }
        t
    }
    let curve = {
        let n = 256u32;
        let mut t = b"curv\0\0\0\0".to_vec();
        t.extend_from_slice(&n.to_be_bytes());
        for i in 0..n {
            let v = f64::from(i) / f64::from(n - 1);
            let lin = if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            };
            t.extend_from_slice(&((lin * 65535.0).round() as u16).to_be_bytes());
        }
        t
    };
    let desc = {
        let name = b"sRGB IEC61966-2.1\0";
        let mut t = b"desc\0\0\0\0".to_vec();
        t.extend_from_slice(&(name.len() as u32).to_be_bytes());
        t.extend_from_slice(name);
        // No Unicode and no ScriptCode description.
        t.extend_from_slice(&[0u8; 4 + 4 + 2 + 1 + 67]);
        t
    };
    let cprt = b"text\0\0\0\0No copyright, use freely\0".to_vec();
    let tags: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc),
        (b"cprt", cprt),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.4361, 0.2225, 0.0139)),
        (b"gXYZ", xyz(0.3851, 0.7169, 0.0971)),
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve),
    ];
    // gTRC and bTRC point at rTRC's data.
    let table_len = 4 + 12 * (tags.len() + 2);
    let mut data = Vec::new();
    let mut entries = Vec::new();
    for (sig, body) in &tags {
        let offset = 128 + table_len + data.len();
        entries.push((*sig, offset as u32, body.len() as u32));
        data.extend_from_slice(body);
        while data.len() % 4 != 0 {
            data.push(0);
        }
    }
    if let Some(&(_, offset, len)) = entries.last() {
        entries.push((b"gTRC", offset, len));
        entries.push((b"bTRC", offset, len));
    }
    let size = (128 + table_len + data.len()) as u32;
    let mut p = Vec::with_capacity(size as usize);
    p.extend_from_slice(&size.to_be_bytes());
    p.extend_from_slice(&[0; 4]); // preferred CMM
    p.extend_from_slice(&[0x02, 0x10, 0, 0]); // version 2.1
    p.extend_from_slice(b"mntrRGB XYZ ");
    for v in [2026u16, 1, 1, 0, 0, 0] {
        p.extend_from_slice(&v.to_be_bytes());
    }
    p.extend_from_slice(b"acsp");
    p.extend_from_slice(&[0; 4 + 4 + 4 + 4 + 8]); // platform, flags, maker, model, attributes
    p.extend_from_slice(&[0; 4]); // perceptual
    for v in [0.9642, 1.0, 0.8249] {
        p.extend_from_slice(&s15(v));
    }
    p.extend_from_slice(&[0; 4]); // creator
    p.resize(128, 0);
    p.extend_from_slice(&(entries.len() as u32).to_be_bytes());
    for (sig, offset, len) in entries {
        p.extend_from_slice(sig);
        p.extend_from_slice(&offset.to_be_bytes());
        p.extend_from_slice(&len.to_be_bytes());
    }
    p.extend_from_slice(&data);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_srgb_profile_is_a_well_formed_icc_profile() {
        let p = srgb_profile();
        assert_eq!(
            u32::from_be_bytes(p[0..4].try_into().unwrap()) as usize,
            p.len()
        );
        assert_eq!(&p[36..40], b"acsp");
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        let n = u32::from_be_bytes(p[128..132].try_into().unwrap()) as usize;
        assert_eq!(n, 9);
        for i in 0..n {
            let e = &p[132 + 12 * i..144 + 12 * i];
            let off = u32::from_be_bytes(e[4..8].try_into().unwrap()) as usize;
            let len = u32::from_be_bytes(e[8..12].try_into().unwrap()) as usize;
            assert!(off.is_multiple_of(4) && off + len <= p.len());
        }
    }

    #[test]
    fn xml_escapes_the_token_separator() {
        assert_eq!(xml("RLREPORT1;fp=a<b"), "RLREPORT1&#59;fp=a&lt;b");
    }
}
