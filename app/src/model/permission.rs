//! Who may do what: the one role × action table. `authz::require` reads it on the server (every agent
//! server function names its action in `api::ACCESS`), pages read it to offer only what the viewer may do,
//! and docs/ARCHITECTURE.md shows it (a unit test keeps the two the same). Actions of features not built yet
//! are here already, so those features take their row instead of inventing a check.
use super::viewer::AgentRole;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Search and open customers, customer users, tickets and ticket lists.
    Read,
    /// Arrange one's own dashboards and widget settings, follow customers (personal, not customer data).
    ArrangeDashboard,
    /// Create tickets, add articles, change, lock and unlock tickets.
    WorkTickets,
    /// Create and edit companies.
    EditCompanies,
    /// Archive and unarchive companies and customer users.
    Archive,
    /// Create and edit customer users and their portal permissions.
    EditCustomerUsers,
    /// Issue a customer user's one-time password reset link (nobody sets another's password).
    SetPasswords,
    EditContracts,
    PostAlerts,
    /// Log activities on a customer; edit or delete one's own (admins: any).
    LogActivities,
    /// Upload files to a customer and delete them (soft).
    ManageFiles,
    /// Add tasks, call-backs and reminders on customers; edit, complete or delete the ones one created or
    /// is assigned (admins: any).
    WorkTasks,
    /// Merge companies or customer users, and empty the trash.
    Merge,
    /// View the portal as a customer user (read-only).
    Impersonate,
    /// Read the audit log and the security events.
    ReadAudit,
    /// Agents, queues, SLAs, states, imports.
    Administer,
}

use AgentRole::{Admin, Agent, ReadOnly};

impl Action {
    pub const ALL: [Action; 16] = [
        Action::Read,
        Action::ArrangeDashboard,
        Action::WorkTickets,
        Action::EditCompanies,
        Action::Archive,
        Action::EditCustomerUsers,
        Action::SetPasswords,
        Action::EditContracts,
        Action::PostAlerts,
        Action::LogActivities,
        Action::ManageFiles,
        Action::WorkTasks,
        Action::Merge,
        Action::Impersonate,
        Action::ReadAudit,
        Action::Administer,
    ];

    /// The roles that may do it: the table itself.
    pub fn roles(self) -> &'static [AgentRole] {
        match self {
            Action::Read | Action::ArrangeDashboard => &[Admin, Agent, ReadOnly],
            Action::WorkTickets
            | Action::EditCompanies
            | Action::Archive
            | Action::EditCustomerUsers
            | Action::SetPasswords
            | Action::EditContracts
            | Action::PostAlerts
            | Action::LogActivities
            | Action::ManageFiles
            | Action::WorkTasks => &[Admin, Agent],
            Action::Merge | Action::Impersonate | Action::ReadAudit | Action::Administer => {
                &[Admin]
            }
        }
    }

    pub fn allows(self, role: AgentRole) -> bool {
        self.roles().contains(&role)
    }

    /// What a refusal says: "Your role (read-only agent) may not {this}."
    pub fn describe(self) -> &'static str {
        match self {
            Action::Read => "read customer data",
            Action::ArrangeDashboard => "arrange dashboards or follow customers",
            Action::WorkTickets => "create or change tickets",
            Action::EditCompanies => "create or edit companies",
            Action::Archive => "archive or unarchive",
            Action::EditCustomerUsers => "create or edit customer users",
            Action::SetPasswords => "issue password reset links",
            Action::EditContracts => "edit contracts",
            Action::PostAlerts => "post alerts",
            Action::LogActivities => "log activities",
            Action::ManageFiles => "upload or delete files",
            Action::WorkTasks => "add, complete or delete tasks",
            Action::Merge => "merge or empty the trash",
            Action::Impersonate => "view the portal as a customer user",
            Action::ReadAudit => "read the audit log",
            Action::Administer => "administer Panorama",
        }
    }
}

impl AgentRole {
    pub const ALL: [AgentRole; 3] = [Admin, Agent, ReadOnly];

    pub fn label(self) -> &'static str {
        match self {
            Admin => "admin",
            Agent => "agent",
            ReadOnly => "read-only agent",
        }
    }
}

/// The table as Markdown, as docs/ARCHITECTURE.md shows it.
pub fn markdown_table() -> String {
    let mut t = String::from("| action |");
    for r in AgentRole::ALL {
        t.push_str(&format!(" {} |", r.label()));
    }
    t.push_str("\n|---|");
    t.push_str(&"---|".repeat(AgentRole::ALL.len()));
    for a in Action::ALL {
        t.push_str(&format!("\n| {} |", a.describe()));
        for r in AgentRole::ALL {
            t.push_str(if a.allows(r) { " yes |" } else { " — |" });
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_only_agents_read_and_arrange_only() {
        let allowed: Vec<Action> = Action::ALL
            .into_iter()
            .filter(|a| a.allows(ReadOnly))
            .collect();
        assert_eq!(allowed, [Action::Read, Action::ArrangeDashboard]);
        assert!(Action::ALL.iter().all(|a| a.allows(Admin)));
        assert!(!Action::Impersonate.allows(Agent) && !Action::ReadAudit.allows(Agent));
        assert!(Action::WorkTickets.allows(Agent) && !Action::WorkTickets.allows(ReadOnly));
    }

    #[test]
    fn the_house_plan_shows_this_table() {
        let plan = include_str!("../../../docs/ARCHITECTURE.md");
        assert!(
            plan.contains(&markdown_table()),
            "docs/ARCHITECTURE.md must contain the role table as model::permission::markdown_table() makes it:\n{}",
            markdown_table()
        );
    }
}
