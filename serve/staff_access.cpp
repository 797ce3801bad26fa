// Who may read what: staff tokens (serve/auth.hpp) and the sessions made from them, checked on
// every staff route, and the audit trail of what staff read.
#include "staff_access.hpp"

#include <httplib.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstdio>

#include "json_reply.hpp"
#include "server.hpp"
#include "store.hpp"
#include "timestamps.hpp"

namespace tellus::serve {
namespace {

std::string hex_sha256(const std::string& text) {
    const Sha256 hash = sha256(text);
    return to_hex(hash.data(), hash.size());
}

void refuse(httplib::Response& res, const std::string& message) {
    res.set_header("WWW-Authenticate", "Bearer");
    reply_error(res, 401, message);
}

// The identity behind a session secret, while the session lives and its token is still in the file.
std::optional<StaffIdentity> session_identity(AppContext& context, const std::string& secret) {
    const std::string hash = hex_sha256(secret);
    const auto row = context.store->find_session(hash);
    if (!row) return std::nullopt;
    const int64_t now = now_ms();
    const auto& o = context.options;
    Sha256 token_hash{};
    const auto token = parse_hex_hash(row->token_hash, token_hash) ? context.tokens->find_hash(token_hash) : std::nullopt;
    if (!token || now - row->last_used_ms >= o.staff_session_idle_seconds * 1000LL || now - row->created_ms >= o.staff_session_max_seconds * 1000LL) {
        context.store->end_session(hash);
        return std::nullopt;
    }
    context.store->touch_session(hash, now);
    // The role is the token's as the file says it now: a token moved down to viewer is a viewer.
    return StaffIdentity{token->name, token->role, row->token_hash, hash};
}

}  // namespace

std::optional<StaffIdentity> require_role(AppContext& context, const httplib::Request& req, httplib::Response& res, Role needed) {
    if (!context.tokens) {
        refuse(res, "Staff access is turned off on this server. Start it with --staff-token-file to turn it on.");
        return std::nullopt;
    }
    const std::string secret = bearer_of(req.get_header_value("Authorization"));
    std::optional<StaffIdentity> who;
    if (auto token = context.tokens->find(secret)) {
        who = StaffIdentity{token->name, token->role, to_hex(token->hash.data(), token->hash.size()), {}};
    } else if (!secret.empty()) {
        try {
            who = session_identity(context, secret);
        } catch (const StoreError& e) {
            std::fprintf(stderr, "tellus-serve: checking a staff session failed (%s); answered 503\n", e.what());
            reply_error(res, 503, "The server cannot check staff sign-ins right now. Try again in a minute.");
            return std::nullopt;
        }
    }
    if (!who) {
        refuse(res, secret.empty() ? "A staff token is needed. Send the header: Authorization: Bearer <your staff token>."
                                   : "That staff token or session is not valid (a session ends after 15 minutes unused). Sign in again.");
        return std::nullopt;
    }
    if (who->role < needed) {
        reply_error(res, 403, std::string("This needs a ") + to_string(needed) + "'s staff token; yours is a " + to_string(who->role) +
                                  "'s. Ask the person who manages Tellus at your clinic.");
        return std::nullopt;
    }
    return who;
}

std::optional<NewSession> create_session(AppContext& context, const httplib::Request& req, httplib::Response& res) {
    const auto token = context.tokens ? context.tokens->find(bearer_of(req.get_header_value("Authorization"))) : std::nullopt;
    if (!token) {
        refuse(res, context.tokens ? "Sign in with a staff token (a session cannot make another session)."
                                   : "Staff access is turned off on this server. Start it with --staff-token-file to turn it on.");
        return std::nullopt;
    }
    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("the system could not provide random bytes for a session");
    NewSession made{to_hex(random, sizeof random), {token->name, token->role, to_hex(token->hash.data(), token->hash.size()), {}}};
    made.who.session_hash = hex_sha256(made.secret);
    const int64_t now = now_ms();
    const auto& o = context.options;
    context.store->purge_sessions(now - o.staff_session_idle_seconds * 1000LL, now - o.staff_session_max_seconds * 1000LL);
    context.store->save_session({made.who.session_hash, made.who.token_hash, token->name, to_string(token->role), now, now});
    return made;
}

void record_audit(AppContext& context, const StaffIdentity& who, const std::string& action, const nlohmann::json& filters, long long rows) {
    // A filter is what the client sent, cut short: bytes that are not UTF-8 become U+FFFD rather than
    // losing the audit row.
    const std::string text = filters.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    context.store->record_audit({0, now_utc_iso(), who.name, to_string(who.role), action, text, rows});
}

}  // namespace tellus::serve
