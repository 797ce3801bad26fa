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

#include "auth.hpp"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace tellus::serve {

struct AppContext;

struct StaffIdentity {
    std::string name;  // the token's NAME from the token file ("QI lead")
    Role role = Role::Viewer;
    std::string token_hash;      // hex SHA-256 of the token (or of the token the session came from)
    std::string session_hash;    // hex SHA-256 of the session secret; empty when a token was sent
};

// Checks the request's bearer secret and the role it carries. On failure the response holds a
// plain-words 401 (no or a bad secret) or 403 (a role below `needed`) and nullopt is returned.
std::optional<StaffIdentity> require_role(AppContext& context, const httplib::Request& req, httplib::Response& res, Role needed);

// Makes a session for the staff token in the request (POST /api/v1/session): the new secret, or
// nullopt with a 401 written when the request does not carry a staff token (a session cannot make
// another one).
struct NewSession {
    std::string secret;
    StaffIdentity who;
};
std::optional<NewSession> create_session(AppContext& context, const httplib::Request& req, httplib::Response& res);

// The audit trail: one row per summary, export, report or device download, with who (name,
// role), when, the filters asked for and how many responses were read. Never an address.
void record_audit(AppContext& context, const StaffIdentity& who, const std::string& action, const nlohmann::json& filters,
                  long long rows);

}  // namespace tellus::serve
