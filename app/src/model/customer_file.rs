//! A company's files (issue 20, part 5): what the Files widget lists and the portal offers. Uploads and
//! downloads are plain HTTP routes (`crate::files`) through the upload module; the widget's markup is made
//! on the server, its upload form works without JavaScript, and with JavaScript the browser checks each
//! file's size before sending.
use serde::{Deserialize, Serialize};

/// At most 25 MiB per file (26,214,400 bytes): checked in the browser, by the declared length, and while
/// reading.
pub const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;
/// At most this many files per upload.
pub const MAX_FILES: usize = 10;
/// The optional category a file is filed under (stored as shown).
pub const CATEGORIES: [&str; 5] = [
    "Contract",
    "Invoice",
    "Correspondence",
    "Technical",
    "Other",
];
/// Files the widget lists (newest first); its title counts them all.
pub const LIST_ROWS: i64 = 50;

/// A file as the portal lists it, formatted on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalFile {
    pub id: i64,
    pub company: String,
    pub name: String,
    pub size: String,
    pub description: String,
    pub category: String,
    pub uploaded_on: String,
}

/// "512 bytes", "12.3 KB", "4.0 MB" (powers of 1,024, as the limit is stated).
pub fn size_label(bytes: i64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if b < KB * KB {
        format!("{:.1} KB", b / KB)
    } else {
        format!("{:.1} MB", b / KB / KB)
    }
}

#[cfg(feature = "ssr")]
pub use server::*;

#[cfg(feature = "ssr")]
mod server {
    use super::{size_label, CATEGORIES, MAX_FILE_BYTES};
    use crate::error::{AppError, FieldErrors, Rule};
    use crate::model::input::{clean_text, html_escape as esc, url_encode, TextKind};
    use chrono::{DateTime, Utc};

    /// One file as the widget lists it.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FileRow {
        pub id: i64,
        pub name: String,
        pub content_type: String,
        pub size: i64,
        pub description: String,
        pub category: String,
        pub portal_visible: bool,
        pub uploaded_at: DateTime<Utc>,
        pub uploader: String,
    }

    /// A checked upload's fields (the content is the spool file).
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct NewFile {
        pub name: String,
        pub content_type: String,
        pub description: String,
        pub category: String,
        pub portal_visible: bool,
    }

    /// The description and category every file of one upload shares, checked at once.
    pub fn check_fields(description: &str, category: &str) -> Result<(String, String), AppError> {
        let mut f = FieldErrors::default();
        let description = clean_text(description, 500, None, TextKind::Lines)
            .map_err(|rule| f.add("description", rule))
            .ok();
        let category = category.trim();
        if !category.is_empty() && !CATEGORIES.contains(&category) {
            f.add("category", Rule::NotListed("categories"));
        }
        f.finish()?;
        Ok((description.unwrap_or_default(), category.to_string()))
    }

    /// What the type column says: a word for the allowlisted types the upload module sniffs.
    pub fn type_label(content_type: &str) -> &'static str {
        match content_type.split(';').next().unwrap_or("") {
            "application/pdf" => "PDF",
            "image/png" => "PNG image",
            "image/jpeg" => "JPEG image",
            "image/gif" => "GIF image",
            "image/webp" => "WebP image",
            "text/plain" => "Text",
            "application/zip" => "ZIP archive",
            t if t.contains("word") || t.ends_with(".text") => "Document",
            t if t.contains("excel") || t.contains("spreadsheet") => "Spreadsheet",
            t if t.contains("powerpoint") || t.contains("presentation") => "Presentation",
            _ => "File",
        }
    }

    /// What the widget shows and for whom.
    pub struct Shown<'a> {
        pub customer_id: &'a str,
        pub total: i64,
        pub tz: chrono_tz::Tz,
        /// Upload and delete (the role table's `ManageFiles`).
        pub may_manage: bool,
    }

    /// The widget's body: the upload form (a plain multipart form: it works without JavaScript), then the
    /// files, newest first. `data-count` is the title's count (`Files (N)`).
    pub fn markup(rows: &[FileRow], s: &Shown) -> String {
        let base = format!("/customers/{}/files", url_encode(s.customer_id));
        let mut html = format!("<div class=\"files\" data-count=\"{}\">", s.total);
        if s.may_manage {
            let options: String = CATEGORIES
                .iter()
                .map(|c| format!("<option value=\"{c}\">{c}</option>"))
                .collect();
            html += &format!(
                "<form class=\"edit upload\" method=\"post\" action=\"{base}\" enctype=\"multipart/form-data\" \
                   aria-label=\"Upload files\" data-max=\"{MAX_FILE_BYTES}\">\
                 <div class=\"field\"><label for=\"files-file\">Files (at most 25 MB each)</label>\
                   <input id=\"files-file\" name=\"file\" type=\"file\" multiple required aria-describedby=\"files-file-error\">\
                   <p class=\"field-error\" id=\"files-file-error\" role=\"alert\"></p></div>\
                 <div class=\"field\"><label for=\"files-description\">Description</label>\
                   <input id=\"files-description\" name=\"description\" maxlength=\"500\"></div>\
                 <div class=\"field\"><label for=\"files-category\">Category</label>\
                   <select id=\"files-category\" name=\"category\"><option value=\"\">None</option>{options}</select></div>\
                 <label class=\"check\"><input type=\"checkbox\" name=\"portal\" value=\"1\"> Visible in portal</label>\
                 <div class=\"actions\"><button type=\"submit\">Upload</button></div></form>"
            );
        }
        if rows.is_empty() {
            html += "<p class=\"empty\">No files.</p></div>";
            return html;
        }
        html += "<table class=\"list\" aria-label=\"Files\"><thead><tr><th scope=\"col\">Name</th>\
                 <th scope=\"col\" class=\"num\">Size</th><th scope=\"col\">Type</th><th scope=\"col\">Uploaded</th>";
        if s.may_manage {
            html += "<th scope=\"col\"><span class=\"visually-hidden\">Actions</span></th>";
        }
        html += "</tr></thead><tbody>";
        for f in rows {
            let mut about = Vec::new();
            if !f.category.is_empty() {
                about.push(esc(&f.category));
            }
            if f.portal_visible {
                about.push("Visible in portal".into());
            }
            if !f.description.is_empty() {
                about.push(esc(&f.description));
            }
            let about = if about.is_empty() {
                String::new()
            } else {
                format!("<br><span class=\"muted\">{}</span>", about.join(" · "))
            };
            html += &format!(
                "<tr id=\"file-{id}\"><td><a href=\"{base}/{id}\" download>{name}</a>{about}</td>\
                 <td class=\"num\">{size}</td><td>{ty}</td><td>{when} by {who}</td>",
                id = f.id,
                name = esc(&f.name),
                size = size_label(f.size),
                ty = type_label(&f.content_type),
                when = crate::model::time::local(f.uploaded_at, s.tz),
                who = esc(&f.uploader),
            );
            if s.may_manage {
                html += &format!(
                    "<td><button type=\"button\" class=\"danger\" data-act=\"delete\" data-arg=\"{}\" \
                       aria-label=\"Delete {}\">Delete</button></td>",
                    f.id,
                    esc(&f.name)
                );
            }
            html += "</tr>";
        }
        if s.total > rows.len() as i64 {
            html += &format!(
                "<tr><td colspan=\"5\" class=\"muted\">The {} newest of {} files.</td></tr>",
                rows.len(),
                s.total
            );
        }
        html += "</tbody></table></div>";
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_powers_of_1024() {
        assert_eq!(size_label(0), "0 bytes");
        assert_eq!(size_label(1023), "1023 bytes");
        assert_eq!(size_label(1536), "1.5 KB");
        assert_eq!(size_label(MAX_FILE_BYTES as i64), "25.0 MB");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn fields_are_checked_together() {
        assert_eq!(
            check_fields(" Signed copy ", "Contract").expect("ok"),
            ("Signed copy".into(), "Contract".into())
        );
        let err = check_fields(&"x".repeat(501), "Bananas").expect_err("two errors");
        let text = format!("{err:?}");
        assert!(
            text.contains("description") && text.contains("category"),
            "{text}"
        );
        assert_eq!(type_label("text/plain; charset=utf-8"), "Text");
        assert_eq!(
            type_label("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "Spreadsheet"
        );
    }
}
