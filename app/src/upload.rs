//! The one way files come in and go out. Every feature that takes a file (the company logo, customer
//! files, CSV import) uses this module; none reads a request body itself.
//!
//! - **Streaming with a hard limit**: a declared `Content-Length` over the limit is refused before reading;
//!   otherwise bytes are counted while they arrive and the upload stops at limit + 1 (413).
//! - **Spooled, then one short transaction**: the body goes to a temporary file (bounded by the limit,
//!   removed on drop) at the client's pace; only a complete file is stored, in one statement
//!   (`db::files::insert`). No pooled connection or transaction waits for a slow client.
//! - **Sniffed, not trusted**: the stored type comes from the file's first bytes against an allowlist
//!   (pdf, png, jpeg, gif, webp, plain text, zip, office formats); everything else is
//!   `application/octet-stream`. The client's declared type is ignored.
//! - **Names sanitised**: no path, no control characters, no bidirectional overrides, ≤ 255 bytes.
//! - **Downloads** are attachments with `nosniff` and a sandboxing CSP ([`download_headers`]).
//! - **At most [`PER_USER`] uploads at a time per user** (`crate::slots::Slots`): a 429 beyond.
use bytes::Bytes;
use futures::{Stream, StreamExt};
use std::{
    path::PathBuf,
    sync::atomic::{AtomicU64, Ordering},
};
use tokio::io::AsyncWriteExt;

/// Concurrent uploads per user.
pub const PER_USER: usize = 2;

#[derive(Debug, PartialEq, Eq)]
pub enum UploadError {
    /// Over the limit (bytes): 413.
    TooLarge(u64),
    /// The client stopped sending or the body was malformed: 400.
    Interrupted,
    /// The spool file could not be written: 500.
    Spool,
}

/// A complete upload in its temporary file; the file is removed when this is dropped.
#[derive(Debug)]
pub struct Spooled {
    path: PathBuf,
    pub size: u64,
    /// Up to the first 8 KiB, for sniffing.
    pub head: Vec<u8>,
    /// Of the whole content, computed while it arrived.
    pub sha256: [u8; 32],
}

impl Spooled {
    /// The whole content: for small uploads only (a logo); files are read in chunks ([`Spooled::open`]).
    pub async fn read(&self) -> std::io::Result<Vec<u8>> {
        tokio::fs::read(&self.path).await
    }
    /// The content from the start, to be read a chunk at a time.
    pub async fn open(&self) -> std::io::Result<tokio::fs::File> {
        tokio::fs::File::open(&self.path).await
    }
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Removes a half-written spool file when the upload fails.
struct Partial(Option<PathBuf>);

impl Drop for Partial {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

static SPOOLED: AtomicU64 = AtomicU64::new(0);

/// The request's declared `Content-Length`, checked against a limit before any byte is read.
pub fn declared_length(headers: &http::HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
}

/// Writes `body` to a temporary file, refusing it as soon as it passes `limit` bytes.
pub async fn spool<S, E>(mut body: S, limit: u64) -> Result<Spooled, UploadError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
{
    let dir = std::env::temp_dir().join("panorama-uploads");
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|_| UploadError::Spool)?;
    let n = SPOOLED.fetch_add(1, Ordering::Relaxed);
    let path = dir.join(format!("{}-{n}", std::process::id()));
    let mut partial = Partial(Some(path.clone()));
    let mut file = tokio::fs::File::create(&path)
        .await
        .map_err(|_| UploadError::Spool)?;
    let (mut size, mut head) = (0u64, Vec::new());
    let mut hash = <sha2::Sha256 as sha2::Digest>::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|_| UploadError::Interrupted)?;
        size += chunk.len() as u64;
        if size > limit {
            return Err(UploadError::TooLarge(limit));
        }
        if head.len() < 8192 {
            let take = (8192 - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        sha2::Digest::update(&mut hash, &chunk);
        file.write_all(&chunk)
            .await
            .map_err(|_| UploadError::Spool)?;
    }
    file.flush().await.map_err(|_| UploadError::Spool)?;
    partial.0 = None;
    let sha256 = sha2::Digest::finalize(hash).into();
    Ok(Spooled {
        path,
        size,
        head,
        sha256,
    })
}

/// The stored content type: what the first bytes prove, from the allowlist; else octet-stream. Office
/// formats are containers (zip, OLE), told apart by the sanitised name's extension.
pub fn sniff(head: &[u8], name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let office_zip = |e: &str| match e {
        "docx" => Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xlsx" => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "pptx" => Some("application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        "odt" => Some("application/vnd.oasis.opendocument.text"),
        "ods" => Some("application/vnd.oasis.opendocument.spreadsheet"),
        _ => None,
    };
    let office_ole = |e: &str| match e {
        "doc" => Some("application/msword"),
        "xls" => Some("application/vnd.ms-excel"),
        "ppt" => Some("application/vnd.ms-powerpoint"),
        _ => None,
    };
    if head.starts_with(b"%PDF-") {
        "application/pdf"
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if head.starts_with(b"\xFF\xD8\xFF") {
        "image/jpeg"
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        "image/gif"
    } else if head.len() >= 12 && head.starts_with(b"RIFF") && &head[8..12] == b"WEBP" {
        "image/webp"
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        office_zip(&ext).unwrap_or("application/zip")
    } else if head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        office_ole(&ext).unwrap_or("application/octet-stream")
    } else if is_plain_text(head) {
        "text/plain; charset=utf-8"
    } else {
        "application/octet-stream"
    }
}

/// UTF-8 (a character cut at the end of the sniffed prefix allowed) without control characters other
/// than tab, CR, LF and form feed; not empty.
fn is_plain_text(head: &[u8]) -> bool {
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() && head.len() >= 8192 => {
            // Valid up to a character the 8 KiB prefix cut in two.
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")
        }
        Err(_) => return false,
    };
    !text.is_empty()
        && text
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
}

/// A file name safe to store and to send back: the last path component, without control characters or
/// bidirectional formatting (which can make `exe.pdf` display as `fdp.exe`), no leading or trailing dots
/// and spaces, at most 255 bytes (cut at a character boundary, keeping the extension when it is short);
/// `file` when nothing is left.
pub fn sanitize_filename(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = last
        .chars()
        .filter(|&c| crate::model::input::allowed_char(c, crate::model::input::TextKind::Name))
        .collect();
    let clean = clean.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if clean.is_empty() {
        return "file".into();
    }
    if clean.len() <= 255 {
        return clean.to_string();
    }
    let ext = clean
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| e.len() <= 16)
        .map_or(String::new(), |e| format!(".{e}"));
    let mut stem_end = 255 - ext.len();
    while !clean.is_char_boundary(stem_end) {
        stem_end -= 1;
    }
    format!("{}{ext}", &clean[..stem_end])
}

/// The headers of a download: always an attachment (never rendered in the app's origin), the sniffed type
/// with `nosniff`, and a CSP that sandboxes it should a browser render it anyway.
pub fn download_headers(
    name: &str,
    content_type: &str,
    size: usize,
) -> Vec<(http::HeaderName, String)> {
    use http::header;
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    vec![
        (header::CONTENT_TYPE, content_type.to_string()),
        (header::CONTENT_LENGTH, size.to_string()),
        (
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".into()),
        (
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'".into(),
        ),
        (header::CACHE_CONTROL, "private, no-store".into()),
    ]
}

/// A refused upload: a page for a form posted without JavaScript (it says what to do and links back, so the
/// browser's form keeps what was typed), else JSON `{ "error": … }`.
pub fn refusal(
    headers: &http::HeaderMap,
    status: http::StatusCode,
    title: &str,
    message: &str,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let html = headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if html {
        let esc = crate::model::input::html_escape;
        let page = format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} — Panorama</title>\
             </head><body><main><h1>{}</h1><p>{} Nothing was stored.</p>\
             <p><a href=\"javascript:history.back()\">Go back</a></p></main></body></html>",
            esc(title),
            esc(title),
            esc(message)
        );
        (
            status,
            [(http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response()
    } else {
        let body = serde_json::json!({ "error": message });
        (status, axum::Json(body)).into_response()
    }
}

/// What an image upload is, read from its bytes: PNG, JPEG or WebP, and its size in pixels from the header
/// (never by decoding it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageKind {
    Png,
    Jpeg,
    WebP,
}

impl ImageKind {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::WebP => "image/webp",
        }
    }
}

/// The kind and (width, height) of `data`, or `None` when it is not a PNG, JPEG or WebP whose header
/// states its size.
pub fn image_size(data: &[u8]) -> Option<(ImageKind, u32, u32)> {
    let be16 = |i: usize| {
        Some(u32::from(u16::from_be_bytes(
            data.get(i..i + 2)?.try_into().ok()?,
        )))
    };
    let le16 = |i: usize| {
        Some(u32::from(u16::from_le_bytes(
            data.get(i..i + 2)?.try_into().ok()?,
        )))
    };
    let le24 = |i: usize| {
        let b = data.get(i..i + 3)?;
        Some(u32::from(b[0]) | u32::from(b[1]) << 8 | u32::from(b[2]) << 16)
    };
    if data.starts_with(b"\x89PNG\r\n\x1a\n") && data.get(12..16) == Some(b"IHDR") {
        let w = u32::from_be_bytes(data.get(16..20)?.try_into().ok()?);
        let h = u32::from_be_bytes(data.get(20..24)?.try_into().ok()?);
        return Some((ImageKind::Png, w, h));
    }
    if data.starts_with(b"RIFF") && data.get(8..12) == Some(b"WEBP") {
        let (w, h) = match data.get(12..16)? {
            // Lossy: 14-bit sizes after the frame tag and start code.
            b"VP8 " if data.get(23..26) == Some(b"\x9d\x01\x2a") => {
                (le16(26)? & 0x3fff, le16(28)? & 0x3fff)
            }
            // Lossless: 14-bit sizes minus one, packed after the signature byte.
            b"VP8L" if data.get(20) == Some(&0x2f) => {
                let b = u32::from_le_bytes(data.get(21..25)?.try_into().ok()?);
                ((b & 0x3fff) + 1, ((b >> 14) & 0x3fff) + 1)
            }
            // Extended: 24-bit canvas sizes minus one.
            b"VP8X" => (le24(24)? + 1, le24(27)? + 1),
            _ => return None,
        };
        return Some((ImageKind::WebP, w, h));
    }
    if data.starts_with(b"\xFF\xD8") {
        // Walk the segments to the first start-of-frame marker (SOF0–SOF15 except DHT, JPG and DAC).
        let mut i = 2;
        while i + 4 <= data.len() {
            if data[i] != 0xFF {
                return None;
            }
            let marker = data[i + 1];
            if marker == 0xFF {
                i += 1; // fill byte
                continue;
            }
            let len = be16(i + 2)? as usize;
            if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                return Some((ImageKind::Jpeg, be16(i + 7)?, be16(i + 5)?));
            }
            if len < 2 {
                return None;
            }
            i += 2 + len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_paths_controls_and_bidi_overrides() {
        for (raw, clean) in [
            ("report.pdf", "report.pdf"),
            ("../../etc/passwd", "passwd"),
            ("C:\\Users\\me\\notes.txt", "notes.txt"),
            ("evil\u{202E}fdp.exe", "evilfdp.exe"),
            ("a\u{2066}b\u{2069}.txt", "ab.txt"),
            ("line\nbreak\r\t.txt", "linebreak.txt"),
            ("nul\0byte.png", "nulbyte.png"),
            ("  .hidden. ", "hidden"),
            ("..", "file"),
            ("", "file"),
            ("dir/", "file"),
            ("Ünïcødé 名前.docx", "Ünïcødé 名前.docx"),
        ] {
            assert_eq!(sanitize_filename(raw), clean, "{raw:?}");
        }
        let long = format!("{}.pdf", "é".repeat(200));
        let cut = sanitize_filename(&long);
        assert!(cut.len() <= 255 && cut.ends_with(".pdf"), "{cut}");
    }

    #[test]
    fn types_come_from_the_bytes_against_the_allowlist() {
        let mut webp = b"RIFF\0\0\0\0WEBPVP8 ".to_vec();
        webp.extend([0; 8]);
        for (head, name, ty) in [
            (&b"%PDF-1.7\n"[..], "a.pdf", "application/pdf"),
            (b"\x89PNG\r\n\x1a\n\0\0", "a.png", "image/png"),
            (b"\xFF\xD8\xFF\xE0", "a.jpg", "image/jpeg"),
            (b"GIF89a..", "a.gif", "image/gif"),
            (&webp, "a.webp", "image/webp"),
            (b"PK\x03\x04....", "a.zip", "application/zip"),
            (
                b"PK\x03\x04....",
                "Report.DOCX",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            (
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                "a.xls",
                "application/vnd.ms-excel",
            ),
            (
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                "a.bin",
                "application/octet-stream",
            ),
            (b"Hello,\r\nworld\t!", "a.txt", "text/plain; charset=utf-8"),
            ("Grüße\n".as_bytes(), "a.txt", "text/plain; charset=utf-8"),
            // The name never makes a type: an executable named .pdf, HTML and SVG are not on the list.
            (b"MZ\x90\0\x03", "invoice.pdf", "application/octet-stream"),
            (b"\x7fELF\x02", "a.png", "application/octet-stream"),
            (
                b"text with a \x1b escape",
                "a.txt",
                "application/octet-stream",
            ),
            (b"", "empty.txt", "application/octet-stream"),
        ] {
            assert_eq!(sniff(head, name), ty, "{name}: {head:?}");
        }
        // HTML and SVG are text: stored as plain text, served as an attachment, never as markup.
        assert_eq!(
            sniff(b"<svg onload=alert(1)>", "x.svg"),
            "text/plain; charset=utf-8"
        );
    }

    #[test]
    fn downloads_are_sandboxed_attachments() {
        let h = download_headers("Grüße \"x\".pdf", "application/pdf", 3);
        let get = |n: http::HeaderName| h.iter().find(|(k, _)| *k == n).map(|(_, v)| v.as_str());
        assert_eq!(
            get(http::header::CONTENT_DISPOSITION),
            Some("attachment; filename=\"Gr__e _x_.pdf\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%22x%22.pdf")
        );
        assert_eq!(get(http::header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"));
        assert_eq!(
            get(http::header::CONTENT_SECURITY_POLICY),
            Some("sandbox; default-src 'none'")
        );
    }

    #[tokio::test]
    async fn spooling_stops_one_byte_over_the_limit() {
        let body = |n: usize| {
            futures::stream::iter(
                vec![
                    Bytes::from(vec![b'a'; n / 2]),
                    Bytes::from(vec![b'a'; n - n / 2]),
                ]
                .into_iter()
                .map(Ok::<_, std::io::Error>),
            )
        };
        let ok = spool(body(1000), 1000).await.expect("exactly the limit");
        assert_eq!(ok.size, 1000);
        assert_eq!(ok.read().await.expect("read").len(), 1000);
        let path = ok.path.clone();
        drop(ok);
        assert!(!path.exists(), "the spool file goes with the upload");
        assert_eq!(
            spool(body(1001), 1000).await.expect_err("one byte over"),
            UploadError::TooLarge(1000)
        );
    }

    /// A PNG header (signature + IHDR) of `w`×`h`.
    pub fn png(w: u32, h: u32) -> Vec<u8> {
        let mut d = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        d.extend(w.to_be_bytes());
        d.extend(h.to_be_bytes());
        d.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        d
    }

    #[test]
    fn sizes_come_from_the_headers() {
        assert_eq!(image_size(&png(640, 200)), Some((ImageKind::Png, 640, 200)));
        // JPEG: APP0, then SOF0 with height 300, width 400.
        let mut jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0".to_vec();
        jpeg.extend(b"\xFF\xC0\x00\x11\x08\x01\x2c\x01\x90\x03");
        assert_eq!(image_size(&jpeg), Some((ImageKind::Jpeg, 400, 300)));
        // WebP lossy, lossless and extended.
        let mut lossy = b"RIFF\0\0\0\0WEBPVP8 \0\0\0\0\0\0\0\x9d\x01\x2a".to_vec();
        lossy.extend(320u16.to_le_bytes());
        lossy.extend(240u16.to_le_bytes());
        assert_eq!(image_size(&lossy), Some((ImageKind::WebP, 320, 240)));
        let mut lossless = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f".to_vec();
        lossless.extend((99u32 | (49u32 << 14)).to_le_bytes());
        assert_eq!(image_size(&lossless), Some((ImageKind::WebP, 100, 50)));
        let mut extended = b"RIFF\0\0\0\0WEBPVP8X\0\0\0\0\0\0\0\0".to_vec();
        extended.extend([0xff, 0x0f, 0x00, 0xff, 0x07, 0x00]);
        assert_eq!(image_size(&extended), Some((ImageKind::WebP, 4096, 2048)));
        // Not images, or cut short: no size.
        for bad in [
            &b"GIF89a\x10\0\x10\0"[..],
            b"hello.png",
            b"\x89PNG\r\n\x1a\n",
            b"\xFF\xD8\xFF\xE0\x00",
            b"",
        ] {
            assert_eq!(image_size(bad), None, "{bad:?}");
        }
    }
}
