#pragma once
// Who may read what (issue 11). Every staff route asks for the role it needs; the answer is the
// staff member's identity (token name and role), or a 401/403 already written to the response.
// A request proves itself with "Authorization: Bearer <secret>", where the secret is a staff
// token from the token file (scripts, curl) or a session made from one (the app: POST
// /api/v1/session), which ends after 15 minutes idle and at most 8 hours.
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace tellus::serve {

struct AppContext;

// Ordered: each role can do everything the one before it can.
//   viewer:  summaries by fixed periods, indicators, masked comments, the printable report
//   manager: + raw exports, arbitrary date ranges, device downloads, marking comments
//   admin:   + surveys and the audit trail
enum class Role { Viewer = 1, Manager = 2, Admin = 3 };

const char* to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct StaffIdentity {
    std::string name;  // the token's NAME from the token file ("QI lead")
    Role role = Role::Viewer;
};

// Checks the request's bearer secret and the role it carries. On failure the response holds a
// plain-words 401 (no or a bad secret) or 403 (a role below `needed`) and nullopt is returned.
std::optional<StaffIdentity> require_role(AppContext& context, const httplib::Request& req, httplib::Response& res, Role needed);

// The audit trail: one row per summary, export, report or device download, with who (name,
// role), when, the filters asked for and how many responses were read. Never an address.
void record_audit(AppContext& context, const StaffIdentity& who, const std::string& action, const nlohmann::json& filters,
                  long long rows);

}  // namespace tellus::serve
