use crate::model::{customer::SearchHit, ids::CustomerUserId, input::SearchTerm};
use sqlx::PgPool;

/// A query that reads as (part of) a phone number: digits, spaces and `+-()./`, at least 3 digits. The
/// search then also matches phone numbers, compared as E.164 digits (`phone_e164` in SQL normalises it as
/// it normalised the stored numbers: "040 0000012", "+49 40 0000012" and "0049400000012" are one number;
/// without a prefix the digits are matched anywhere, so "40 0000012" finds it too).
pub fn phone_like(query: &str) -> Option<&str> {
    let q = query.trim();
    let phone_chars = q
        .chars()
        .all(|c| c.is_ascii_digit() || " +-()./".contains(c));
    (phone_chars && q.chars().filter(char::is_ascii_digit).count() >= 3).then_some(q)
}

/// Companies and customer users matching the term (or, for a phone-like query, whose phone number
/// matches; a company also by a contract number or a covered item's serial number), companies first;
/// `limit + 1` rows tell "more". The trigram indexes on the lowered
/// concatenations and on the E.164 digits answer the LIKE patterns.
pub async fn search(
    pool: &PgPool,
    term: &SearchTerm,
    phone: Option<&str>,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<SearchHit>> {
    let pattern = match term {
        SearchTerm::All => "%".to_string(),
        SearchTerm::Pattern(p) => p.clone(),
    };
    let rows = sqlx::query!(
        r#"(SELECT 'company' AS "kind!", NULL::bigint AS id, customer_id AS "key!", name AS "name!",
                   '' AS "email!", 0 AS ord
            FROM companies
            WHERE (lower(customer_id || ' ' || name) LIKE $1
                   OR (phone_e164 <> '' AND phone_e164 LIKE (SELECT '%' || nullif(phone_e164($4, panorama_country_code()), '') || '%'))
                   OR id IN (SELECT l.company_id FROM company_locations l
                             WHERE l.phone_e164 <> ''
                               AND l.phone_e164 LIKE (SELECT '%' || nullif(phone_e164($4, panorama_country_code()), '') || '%'))
                   -- A contract number or a covered item's serial number (not for the empty search).
                   OR ($1 <> '%' AND (id IN (SELECT k.company_id FROM contracts k WHERE lower(k.number) LIKE $1)
                                      OR id IN (SELECT i.company_id FROM contract_items i
                                                WHERE i.identifier <> '' AND lower(i.identifier) LIKE $1))))
              AND state = 'active')
           UNION ALL
           (SELECT 'user', id, login, first_name || ' ' || last_name, email, 1
            FROM customer_users
            WHERE (lower(login || ' ' || email || ' ' || first_name || ' ' || last_name) LIKE $1
                   OR (phone_e164 <> '' AND phone_e164 LIKE (SELECT '%' || nullif(phone_e164($4, panorama_country_code()), '') || '%')))
              AND active)
           ORDER BY ord, 4, 3 LIMIT $2 OFFSET $3"#,
        pattern,
        limit,
        offset,
        phone,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| match (r.kind.as_str(), r.id) {
            ("user", Some(id)) => SearchHit::CustomerUser {
                id: CustomerUserId(id),
                login: r.key,
                name: r.name,
                email: r.email,
            },
            _ => SearchHit::Company {
                customer_id: r.key,
                name: r.name,
            },
        })
        .collect())
}
