//! Times as the spec wants them: absolute plus a relative age against the server's "now" sent with the
//! page, so SSR and hydration render the same text. Zone conversion happens on the server (`local`), so
//! no time-zone database is compiled into the wasm.
use chrono::{DateTime, Utc};

pub fn absolute(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

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

/// How long until or since a breach, for escalation times.
pub fn breach(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let a = age(t, now);
    if t <= now {
        format!("overdue, {a}")
    } else {
        format!("due {a}")
    }
}

#[cfg(test)]
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
