//! Times as the spec wants them: absolute plus a relative age, made on the server (agents' times in their
//! zone), so SSR and hydration render the same text and the wasm carries no date code at all: the browser
//! gets strings (`Shown`, or a row's formatted columns).
#[cfg(feature = "ssr")]
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A moment as a page shows it: machine-readable (`<time datetime>`), absolute, and its age at the page's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown {
    pub iso: String,
    pub absolute: String,
    pub age: String,
}

#[cfg(feature = "ssr")]
impl Shown {
    pub fn at(t: DateTime<Utc>, now: DateTime<Utc>) -> Self {
        Shown {
            iso: t.to_rfc3339(),
            absolute: absolute(t),
            age: age(t, now),
        }
    }
}

#[cfg(feature = "ssr")]
pub fn absolute(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

#[cfg(feature = "ssr")]
pub fn age(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let s = (now - t).num_seconds();
    let (v, future) = (s.unsigned_abs(), s < 0);
    let text = match v {
        0..=59 => "just now".to_string(),
        60..=3599 => format!("{} min", v / 60),
        3600..=86_399 => format!("{} h", v / 3600),
        _ => format!("{} d", v / 86_400),
    };
    match (text.as_str(), future) {
        ("just now", _) => text,
        (_, true) => format!("in {text}"),
        (_, false) => format!("{text} ago"),
    }
}

/// An absolute time in the agent's zone, e.g. "2026-11-24 13:05 CET".
#[cfg(feature = "ssr")]
pub fn local(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string()
}

/// A `datetime-local` form value in the agent's zone, as UTC; it must lie after `now`. A time skipped by a
/// daylight-saving change does not exist; an ambiguous one takes the earlier instant.
#[cfg(feature = "ssr")]
pub fn parse_future_local(
    field: &str,
    value: &str,
    tz: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, crate::error::AppError> {
    use crate::error::{AppError, Rule};
    use chrono::{NaiveDateTime, TimeZone};
    let bad = || AppError::invalid(field, Rule::PendingTime);
    let naive = NaiveDateTime::parse_from_str(value.trim(), "%Y-%m-%dT%H:%M").map_err(|_| bad())?;
    let at = tz
        .from_local_datetime(&naive)
        .earliest()
        .ok_or_else(bad)?
        .with_timezone(&Utc);
    if at <= now {
        return Err(AppError::invalid(field, Rule::InThePast));
    }
    Ok(at)
}

/// The `datetime-local` form value of a time in the agent's zone (the inverse of `parse_future_local`).
#[cfg(feature = "ssr")]
pub fn local_input(t: DateTime<Utc>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// How long until or since a breach, for escalation times.
#[cfg(feature = "ssr")]
pub fn breach(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let a = age(t, now);
    if t <= now {
        format!("overdue, {a}")
    } else {
        format!("due {a}")
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn ages_read_naturally() {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(age(now, now), "just now");
        assert_eq!(age(now - chrono::Duration::minutes(5), now), "5 min ago");
        assert_eq!(age(now - chrono::Duration::hours(2), now), "2 h ago");
        assert_eq!(age(now + chrono::Duration::days(3), now), "in 3 d");
        assert_eq!(absolute(now), "2026-11-24 12:00 UTC");
        let shown = Shown::at(now - chrono::Duration::minutes(5), now);
        assert_eq!(shown.iso, "2026-11-24T11:55:00+00:00");
        assert_eq!(
            (shown.absolute.as_str(), shown.age.as_str()),
            ("2026-11-24 11:55 UTC", "5 min ago")
        );
        assert_eq!(
            breach(now - chrono::Duration::hours(2), now),
            "overdue, 2 h ago"
        );
        assert_eq!(
            breach(now + chrono::Duration::minutes(30), now),
            "due in 30 min"
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn form_times_are_read_in_the_agents_zone_and_must_lie_ahead() {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
            .single()
            .expect("valid");
        let berlin = chrono_tz::Europe::Berlin;
        let at = parse_future_local("p", "2026-11-24T14:30", berlin, now).expect("ahead");
        assert_eq!(at, now + chrono::Duration::minutes(90));
        assert_eq!(local_input(at, berlin), "2026-11-24T14:30");
        let past = parse_future_local("p", "2026-11-24T12:30", berlin, now).expect_err("past");
        assert_eq!(
            past.field_message("p").as_deref(),
            Some("Choose a time in the future.")
        );
        // 02:30 on the last Sunday of March does not exist in Berlin.
        assert!(parse_future_local("p", "2027-03-28T02:30", berlin, now).is_err());
        assert!(parse_future_local("p", "tomorrow", berlin, now).is_err());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn local_times_use_the_zone() {
        let t = Utc
            .with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(local(t, chrono_tz::Europe::Berlin), "2026-11-24 13:00 CET");
        assert_eq!(
            local(t, chrono_tz::America::New_York),
            "2026-11-24 07:00 EST"
        );
    }
}
