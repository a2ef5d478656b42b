use crate::model::{
    customer::{Company, CompanyFields},
    input::CustomerKey,
};

pub async fn by_key(db: impl sqlx::PgExecutor<'_>, key: &CustomerKey) -> sqlx::Result<Company> {
    let r = sqlx::query!(
        r#"SELECT id, customer_id, name, phone AS company_phone, email AS company_email, street, zip, city, country,
                  url, comment, version,
                  state AS "state: crate::model::object_state::ObjectState", (SELECT m.customer_id FROM companies m WHERE m.id = c.merged_into) AS merged_into
         FROM companies c WHERE customer_id = $1"#,
        key.as_str()
    )
    .fetch_one(db)
    .await?;
    Ok(company_of!(r))
}

/// Saves only when nobody saved in between (optimistic concurrency): `None` means the version was stale.
pub async fn update(
    db: impl sqlx::PgExecutor<'_>,
    key: &CustomerKey,
    version: i32,
    f: &CompanyFields,
) -> sqlx::Result<Option<Company>> {
    let r = sqlx::query!(
        r#"UPDATE companies c SET name = $3, street = $4, zip = $5, city = $6, country = $7, url = $8, comment = $9,
                phone = $10, email = $11, version = version + 1, changed_at = now()
         WHERE customer_id = $1 AND version = $2 AND state IN ('active', 'archived')
         RETURNING id, customer_id, name, phone AS company_phone, email AS company_email, street, zip, city, country,
                   url, comment, version,
                   state AS "state: crate::model::object_state::ObjectState",
                   (SELECT m.customer_id FROM companies m WHERE m.id = c.merged_into) AS merged_into"#,
        key.as_str(),
        version,
        f.name,
        f.street,
        f.zip,
        f.city,
        f.country,
        f.url,
        f.comment,
        f.phone,
        f.email,
    )
    .fetch_optional(db)
    .await?;
    Ok(r.map(|r| company_of!(r)))
}
