//! Server functions, one file per area. Each: authorize, validate, call db::, map the result.
pub mod activities;
pub mod admin;
pub mod alerts;
pub mod billing;
pub mod company_widgets;
pub mod contracts;
pub mod cuic;
pub mod customer_user;
pub mod customers;
pub mod dashboard;
pub mod devices;
pub mod files;
pub mod follows;
pub mod organizations;
pub mod overview;
pub mod portal;
pub mod second_factor;
pub mod session;
pub mod tasks;
pub mod ticket;
pub mod tickets;

use crate::model::permission::Action;

/// Who may call a server function. Every function checks this itself (`authz::require_*`); this table is
/// what the isolation test holds them to, and it fails on any registered path that is not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: signing in and out, asking who one is.
    Public,
    /// Agents whose role may do the action (`model::permission`); a portal session is refused.
    Agent(Action),
    /// Signed-in customer users only, limited to what their companies and permissions allow.
    Portal,
    /// Any signed-in user, on their own account in the realm the call names (`authz::require_own`):
    /// no session in that realm is 401, another user's session 404.
    Own,
}

pub const ACCESS: &[(&str, Access)] = &[
    ("/api/sign_in", Access::Public),
    ("/api/sign_out", Access::Public),
    ("/api/reset_password", Access::Public),
    ("/api/search_customers", Access::Agent(Action::Read)),
    ("/api/cic_page", Access::Agent(Action::Read)),
    ("/api/ticket_widget", Access::Agent(Action::Read)),
    ("/api/customer_users_page", Access::Agent(Action::Read)),
    ("/api/save_layout", Access::Agent(Action::ArrangeDashboard)),
    ("/api/reset_layout", Access::Agent(Action::ArrangeDashboard)),
    ("/api/update_company", Access::Agent(Action::EditCompanies)),
    ("/api/ticket_list", Access::Agent(Action::Read)),
    ("/api/cuic_page", Access::Agent(Action::Read)),
    ("/api/ticket_page", Access::Agent(Action::Read)),
    ("/api/change_ticket", Access::Agent(Action::WorkTickets)),
    (
        "/api/ticket_form_options",
        Access::Agent(Action::WorkTickets),
    ),
    ("/api/create_ticket", Access::Agent(Action::WorkTickets)),
    ("/api/portal_contracts", Access::Portal),
    ("/api/contract_page", Access::Agent(Action::Read)),
    ("/api/billing_page", Access::Agent(Action::Read)),
    ("/api/activities_page", Access::Agent(Action::Read)),
    ("/api/change_activity", Access::Agent(Action::LogActivities)),
    (
        "/api/delete_customer_file",
        Access::Agent(Action::ManageFiles),
    ),
    ("/api/portal_files", Access::Portal),
    ("/api/overview_page", Access::Agent(Action::Read)),
    ("/api/tasks_page", Access::Agent(Action::Read)),
    ("/api/change_task", Access::Agent(Action::WorkTasks)),
    ("/api/complete_task", Access::Agent(Action::WorkTasks)),
    ("/api/my_work_page", Access::Agent(Action::Read)),
    ("/api/set_follow", Access::Agent(Action::ArrangeDashboard)),
    ("/api/contract_list", Access::Agent(Action::Read)),
    ("/api/contract_form", Access::Agent(Action::EditContracts)),
    ("/api/save_contract", Access::Agent(Action::EditContracts)),
    ("/api/cancel_contract", Access::Agent(Action::EditContracts)),
    (
        "/api/edit_customer_user",
        Access::Agent(Action::EditCustomerUsers),
    ),
    (
        "/api/save_customer_user",
        Access::Agent(Action::EditCustomerUsers),
    ),
    (
        "/api/issue_password_reset",
        Access::Agent(Action::SetPasswords),
    ),
    ("/api/portal_requests", Access::Portal),
    ("/api/request_detail", Access::Portal),
    ("/api/reply_request", Access::Portal),
    ("/api/cancel_request", Access::Portal),
    ("/api/request_form_options", Access::Portal),
    ("/api/create_request", Access::Portal),
    ("/api/change_password", Access::Portal),
    ("/api/colleagues", Access::Portal),
    ("/api/set_colleague_permissions", Access::Portal),
    (
        "/api/start_impersonation",
        Access::Agent(Action::Impersonate),
    ),
    ("/api/end_impersonation", Access::Agent(Action::Impersonate)),
    ("/api/audit_log", Access::Agent(Action::ReadAudit)),
    ("/api/organizations", Access::Agent(Action::Read)),
    (
        "/api/create_organization",
        Access::Agent(Action::EditCompanies),
    ),
    (
        "/api/new_organization_form",
        Access::Agent(Action::EditCompanies),
    ),
    ("/api/set_company_archived", Access::Agent(Action::Archive)),
    ("/api/post_alert", Access::Agent(Action::PostAlerts)),
    ("/api/end_alert", Access::Agent(Action::PostAlerts)),
    ("/api/widget_markup", Access::Agent(Action::Read)),
    ("/api/change_location", Access::Agent(Action::EditCompanies)),
    ("/api/change_link", Access::Agent(Action::EditCompanies)),
    ("/api/tree_status", Access::Agent(Action::Read)),
    (
        "/api/show_inactive_contracts",
        Access::Agent(Action::ArrangeDashboard),
    ),
    ("/api/signed_in_devices", Access::Own),
    ("/api/end_devices", Access::Own),
    // The code page after a right password: its challenge cookie is the proof (crate::second_factor).
    ("/api/second_factor_challenge", Access::Public),
    ("/api/verify_second_factor", Access::Public),
    ("/api/my_second_factor", Access::Own),
    ("/api/set_up_second_factor", Access::Own),
    ("/api/switch_second_factor", Access::Own),
];

/// The start of a server function about one company: an agent whose role may do `action`, and the
/// company (active or archived: reachable by URL) by its customer ID; a missing one is 404.
#[cfg(feature = "ssr")]
pub(crate) async fn company_for(
    action: Action,
    customer_id: &str,
) -> Result<
    (
        crate::model::viewer::AgentViewer,
        crate::state::AppState,
        crate::model::customer::Company,
    ),
    crate::error::AppError,
> {
    use crate::{authz, db, model::input::CustomerKey};
    let agent = authz::require(action)?;
    let state = authz::state()?;
    let key = CustomerKey::parse(customer_id)?;
    let company = db::companies::by_key(&state.pool, &key).await?;
    company.lifecycle.reachable("/customers/")?;
    Ok((agent, state, company))
}

/// The one place a server function's error becomes an HTTP status (404/403/422/...).
#[cfg(feature = "ssr")]
pub(crate) fn finish<T>(
    result: Result<T, crate::error::AppError>,
) -> Result<T, crate::error::AppError> {
    if let Err(e) = &result {
        e.set_response_status();
        // Inside the function's span (request id, the ids it acts on). Faults were logged where they
        // happened (`From<sqlx::Error>`); a refused or invalid request is the client's, not ours.
        match e.status() {
            500.. => tracing::warn!(status = e.status(), error = %e, "server function failed"),
            _ => tracing::debug!(status = e.status(), error = %e, "server function refused"),
        }
    }
    result
}
