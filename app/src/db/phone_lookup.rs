//! Who is calling: the companies (by their own number or a location's) and customer users whose phone
//! number is the given one, compared as E.164 digits (migration 20261206000001 normalises both sides with the same SQL function).

/// One place a number leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A customer user, with their primary company's name for the chooser.
    CustomerUser {
        login: String,
        name: String,
        company: String,
    },
    Company {
        customer_id: String,
        name: String,
    },
}

/// The targets for `phone`, customer users first: a customer user's match wins over their own companies'
/// (the company is left out), and each company counts once. Active and archived objects (reachable by
/// URL), never trashed or merged ones; at most `limit` rows.
pub async fn callers(pool: &sqlx::PgPool, phone: &str, limit: i64) -> sqlx::Result<Vec<Caller>> {
    let rows = sqlx::query!(
        r#"WITH users AS (
               SELECT u.id, u.login, u.first_name || ' ' || u.last_name AS name, c.name AS company
               FROM customer_users u JOIN companies c ON c.id = u.company_id
               WHERE u.phone_e164 <> '' AND u.state IN ('active', 'archived')
                 AND u.phone_e164 = (SELECT nullif(phone_e164($1, panorama_country_code()), '')))
           (SELECT 'user' AS "kind!", login AS "key!", name AS "name!", company AS "company!", 0 AS ord FROM users)
           UNION ALL
           (SELECT 'company', c.customer_id, c.name, '', 1
            FROM companies c
            WHERE c.state IN ('active', 'archived')
              AND c.id IN (SELECT id FROM companies
                           WHERE phone_e164 <> '' AND phone_e164 = (SELECT nullif(phone_e164($1, panorama_country_code()), ''))
                           UNION
                           SELECT company_id FROM company_locations
                           WHERE phone_e164 <> '' AND phone_e164 = (SELECT nullif(phone_e164($1, panorama_country_code()), '')))
              AND NOT EXISTS (SELECT 1 FROM users JOIN customer_user_companies l ON l.customer_user_id = users.id
                              WHERE l.company_id = c.id))
           ORDER BY ord, 3, 2 LIMIT $2"#,
        phone,
        limit,
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| match r.kind.as_str() {
            "user" => Caller::CustomerUser {
                login: r.key,
                name: r.name,
                company: r.company,
            },
            _ => Caller::Company {
                customer_id: r.key,
                name: r.name,
            },
        })
        .collect())
}
