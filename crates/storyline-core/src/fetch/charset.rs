//! Bytes of a web page → text. The encoding comes from, in order: a byte-order mark, the
//! `Content-Type` header's charset, a `<meta charset>` / `http-equiv` declaration in the first
//! 1024 bytes (as browsers prescan), and else UTF-8 when the bytes are valid UTF-8, otherwise
//! windows-1252 (what browsers assume for an undeclared Western page).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// Decodes `bytes` with the encoding the page declares (see the module doc).
pub fn decode(bytes: &[u8], header_charset: Option<&str>) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    let declared = header_charset
        .and_then(|l| Encoding::for_label(l.trim().as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(1024)]));
    let enc = match declared {
        // A page cannot declare UTF-16 from inside itself (its ASCII bytes would not be ASCII);
        // the HTML standard reads that as UTF-8.
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => UTF_8,
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => WINDOWS_1252,
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding a `<meta>` tag declares: `<meta charset="x">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=x">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    static RE: std::sync::OnceLock<regex::bytes::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::bytes::Regex::new(r#"(?i)<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)"#)
            .expect("valid regex")
    });
    let label = re.captures(head)?.get(1)?.as_bytes();
    Encoding::for_label(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_meta_and_fallbacks() {
        // "café" in windows-1252.
        let cp1252 = b"<p>caf\xe9 \x93quoted\x94</p>";
        assert_eq!(
            decode(cp1252, Some("windows-1252")),
            "<p>café \u{201c}quoted\u{201d}</p>"
        );
        assert_eq!(decode(cp1252, None), "<p>café \u{201c}quoted\u{201d}</p>");
        let meta = b"<html><head><meta charset=\"iso-8859-1\"></head><p>caf\xe9</p>";
        assert!(decode(meta, None).contains("café"));
        let equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><p>caf\xe9";
        assert!(decode(equiv, None).contains("café"));
        assert_eq!(decode("<p>café</p>".as_bytes(), None), "<p>café</p>");
        // A header that names UTF-8 wins over a wrong meta.
        let wrong_meta = "<meta charset=windows-1252><p>café</p>".as_bytes();
        assert!(decode(wrong_meta, Some("utf-8")).contains("café"));
        // BOM wins over everything.
        let bom = b"\xef\xbb\xbf<p>caf\xc3\xa9</p>";
        assert_eq!(decode(bom, Some("windows-1252")), "<p>café</p>");
    }
}
