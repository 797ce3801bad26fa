// Placeholder wiring (issue 11 lands roles, sessions and the audit trail here): every accepted
// token is an admin, and the audit trail is not yet written.
#include "staff_access.hpp"

#include "auth.hpp"
#include "json_reply.hpp"
#include "server.hpp"

namespace tellus::serve {

const char* to_string(Role role) {
    switch (role) {
        case Role::Viewer: return "viewer";
        case Role::Manager: return "manager";
        case Role::Admin: break;
    }
    return "admin";
}

std::optional<Role> parse_role(std::string_view text) {
    if (text == "viewer") return Role::Viewer;
    if (text == "manager") return Role::Manager;
    if (text == "admin") return Role::Admin;
    return std::nullopt;
}

std::optional<StaffIdentity> require_role(AppContext& context, const httplib::Request& req, httplib::Response& res, Role) {
    if (context.tokens && context.tokens->accepts_header(req.get_header_value("Authorization"))) return StaffIdentity{"staff", Role::Admin};
    res.set_header("WWW-Authenticate", "Bearer");
    if (!context.tokens) {
        reply_error(res, 401, "Staff downloads are turned off on this server. Start it with --staff-token-file to turn them on.");
    } else {
        reply_error(res, 401, "A valid staff token is needed. Send the header: Authorization: Bearer <your staff token>.");
    }
    return std::nullopt;
}

void record_audit(AppContext&, const StaffIdentity&, const std::string&, const nlohmann::json&, long long) {}

}  // namespace tellus::serve
