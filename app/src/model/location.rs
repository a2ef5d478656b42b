//! A company's locations (issue 18, part 4): addresses with a kind, exactly one of them primary — the
//! address Customer Information shows and its edit form edits. The Locations widget's list is markup made
//! on the server ([`markup`]); the browser carries no location decoder on the CIC's first load.
use crate::error::{AppError, FieldErrors};
use crate::model::input::{clean_text, TextKind};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(sqlx::Type),
    sqlx(type_name = "location_kind", rename_all = "snake_case")
)]
pub enum LocationKind {
    Headquarters,
    Billing,
    ServiceSite,
    Other,
}

impl LocationKind {
    pub const ALL: [LocationKind; 4] = [
        LocationKind::Headquarters,
        LocationKind::Billing,
        LocationKind::ServiceSite,
        LocationKind::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            LocationKind::Headquarters => "headquarters",
            LocationKind::Billing => "billing",
            LocationKind::ServiceSite => "service_site",
            LocationKind::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LocationKind::Headquarters => "Headquarters",
            LocationKind::Billing => "Billing",
            LocationKind::ServiceSite => "Service site",
            LocationKind::Other => "Other",
        }
    }
}

/// The location form's fields as typed; `id` is `None` for a new location, `version` the one the form
/// was loaded from (a stale edit is refused).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationEdit {
    pub id: Option<i64>,
    pub version: i32,
    pub kind: String,
    pub name: String,
    pub street: String,
    pub zip: String,
    pub city: String,
    pub country: String,
    pub phone: String,
}

/// A location's fields, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocationFields {
    pub kind: LocationKind,
    pub name: String,
    pub street: String,
    pub zip: String,
    pub city: String,
    pub country: String,
    pub phone: String,
}

impl LocationEdit {
    /// Every failing field at once; the address fields follow the company form's rules, and a location
    /// needs at least a street or a city to be findable.
    pub fn parse(&self) -> Result<LocationFields, AppError> {
        let mut errors = FieldErrors::default();
        let mut field = |name: &str, value: &str, max: usize| {
            clean_text(value, max, None, TextKind::Line).unwrap_or_else(|rule| {
                errors.add(name, rule);
                String::new()
            })
        };
        let fields = LocationFields {
            kind: LocationKind::Other,
            name: field("name", &self.name, 200),
            street: field("street", &self.street, 200),
            zip: field("zip", &self.zip, 20),
            city: field("city", &self.city, 100),
            country: field("country", &self.country, 100),
            phone: field("phone", &self.phone, 50),
        };
        let kind = LocationKind::ALL.into_iter().find(|k| k.key() == self.kind);
        if kind.is_none() {
            errors.add("kind", crate::error::Rule::NotListed("kinds of location"));
        }
        if fields.street.is_empty() && fields.city.is_empty() && !errors.has("street") {
            errors.add("street", crate::error::Rule::Required("a street or a city"));
        }
        errors.finish()?;
        Ok(LocationFields {
            kind: kind.unwrap_or(LocationKind::Other),
            ..fields
        })
    }
}

/// What the Locations widget asks the server to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LocationChange {
    /// Add (`id` none) or edit a location.
    Save(LocationEdit),
    MakePrimary(i64),
    Remove(i64),
}

/// One location as the server reads it.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub id: i64,
    pub kind: LocationKind,
    pub name: String,
    pub street: String,
    pub zip: String,
    pub city: String,
    pub country: String,
    pub phone: String,
    pub primary: bool,
    pub version: i32,
}

/// The Locations widget's body: primary first, each with its kind, "Primary", its address and number, and
/// for agents who may edit "Edit" (its form's fields ride in `data-arg` as JSON), "Make primary" and
/// "Remove" (not on the primary: another must take its place first).
#[cfg(feature = "ssr")]
pub fn markup(locations: &[Location], may_edit: bool) -> String {
    use crate::model::input::html_escape as esc;
    let mut html = String::from("<ul class=\"locations\">");
    for l in locations {
        let title = if l.name.is_empty() {
            l.kind.label().to_string()
        } else {
            format!("{} — {}", l.kind.label(), l.name)
        };
        html += &format!(
            "<li id=\"location-{}\" aria-label=\"{}\"><strong>{}</strong>",
            l.id,
            esc(&title),
            esc(&title)
        );
        if l.primary {
            html += " <span class=\"badge\">Primary</span>";
        }
        let place = [l.zip.as_str(), l.city.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        for line in [l.street.as_str(), place.as_str(), l.country.as_str()] {
            if !line.is_empty() {
                html += &format!("<br>{}", esc(line));
            }
        }
        if !l.phone.is_empty() {
            html += &format!(
                "<br><a href=\"tel:{}\">{}</a>",
                esc(&l.phone.replace(' ', "")),
                esc(&l.phone)
            );
        }
        if may_edit {
            let edit = LocationEdit {
                id: Some(l.id),
                version: l.version,
                kind: l.kind.key().into(),
                name: l.name.clone(),
                street: l.street.clone(),
                zip: l.zip.clone(),
                city: l.city.clone(),
                country: l.country.clone(),
                phone: l.phone.clone(),
            };
            let json = serde_json::to_string(&edit).unwrap_or_default();
            html += &format!(
                "<div class=\"row-actions\"><button type=\"button\" class=\"secondary\" data-act=\"form\" data-arg=\"{}\">Edit</button>",
                esc(&json)
            );
            if !l.primary {
                html += &format!(
                    " <button type=\"button\" class=\"secondary\" data-act=\"primary\" data-arg=\"{0}\">Make primary</button> \
                     <button type=\"button\" class=\"secondary\" data-act=\"remove\" data-arg=\"{0}\">Remove</button>",
                    l.id
                );
            }
            html += "</div>";
        }
        html += "</li>";
    }
    html += "</ul>";
    if may_edit {
        html += "<button type=\"button\" data-act=\"form\" data-arg=\"\">Add location</button>";
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_needs_a_kind_and_a_street_or_city() {
        let ok = LocationEdit {
            kind: "billing".into(),
            city: " Hamburg ".into(),
            ..Default::default()
        };
        let f = ok.parse().expect("valid");
        assert_eq!(
            (f.kind, f.city.as_str()),
            (LocationKind::Billing, "Hamburg")
        );
        let bad = LocationEdit {
            kind: "castle".into(),
            zip: "1".repeat(21),
            ..Default::default()
        };
        let err = bad.parse().expect_err("invalid");
        for field in ["kind", "zip", "street"] {
            assert!(err.field_message(field).is_some(), "{field}");
        }
    }
}
