#include "staff_sign_in.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace tellus {

std::optional<StaffRole> parse_staff_role(const std::string& text) {
    if (text == "viewer") return StaffRole::Viewer;
    if (text == "manager") return StaffRole::Manager;
    if (text == "admin") return StaffRole::Admin;
    return std::nullopt;
}

const char* to_string(StaffRole role) {
    switch (role) {
        case StaffRole::Viewer: return "viewer";
        case StaffRole::Manager: return "manager";
        case StaffRole::Admin: break;
    }
    return "admin";
}

StaffRequest StaffSignIn::sign_in(const std::string& token, double now_ms) {
    if (state_ != State::SignedOut || token.empty()) return {};
    state_ = State::SigningIn;
    problem_ = Problem::None;
    last_activity_ms_ = now_ms;
    return {StaffRequest::Kind::CreateSession, token};
}

StaffRequest StaffSignIn::on_session_reply(int status, const std::string& body, double now_ms) {
    const auto reply = nlohmann::json::parse(body, nullptr, false);
    const bool has_session = (status == 200 || status == 201) && reply.is_object() && reply.contains("session") &&
                             reply["session"].is_string() && !reply["session"].get<std::string>().empty();
    if (state_ != State::SigningIn) {
        // Staff left before the answer came: nobody may pick this session up, so it ends now.
        if (has_session) return {StaffRequest::Kind::EndSession, reply["session"].get<std::string>()};
        return {};
    }
    state_ = State::SignedOut;
    if (status == 401 || status == 403) {
        problem_ = Problem::WrongToken;
        return {};
    }
    if (status == 0) {
        problem_ = Problem::Offline;
        return {};
    }
    const auto role = has_session && reply.contains("role") && reply["role"].is_string()
                          ? parse_staff_role(reply["role"].get<std::string>())
                          : std::nullopt;
    if (!role) {
        problem_ = Problem::ServerProblem;
        if (has_session) return {StaffRequest::Kind::EndSession, reply["session"].get<std::string>()};
        return {};
    }
    state_ = State::SignedIn;
    session_ = reply["session"].get<std::string>();
    role_ = *role;
    name_ = reply.value("name", std::string());
    // The server's own limits win when it says them (it ends the session there anyway).
    if (reply.contains("idle_seconds") && reply["idle_seconds"].is_number() && reply["idle_seconds"].get<double>() > 0)
        limits_.idle_ms = std::min(limits_.idle_ms, reply["idle_seconds"].get<double>() * 1000);
    if (reply.contains("max_seconds") && reply["max_seconds"].is_number() && reply["max_seconds"].get<double>() > 0)
        limits_.max_ms = std::min(limits_.max_ms, reply["max_seconds"].get<double>() * 1000);
    started_ms_ = last_activity_ms_ = now_ms;
    return {};
}

StaffRequest StaffSignIn::on_status(int status) {
    if (status == 401 && state_ == State::SignedIn) return end(Problem::Expired);
    return {};
}

void StaffSignIn::activity(double now_ms) { last_activity_ms_ = std::max(last_activity_ms_, now_ms); }

StaffRequest StaffSignIn::tick(double now_ms) {
    if (state_ != State::SignedIn) return {};
    const double idle_limit = kiosk_ ? std::min(limits_.kiosk_idle_ms, limits_.idle_ms) : limits_.idle_ms;
    if (now_ms - last_activity_ms_ >= idle_limit || now_ms - started_ms_ >= limits_.max_ms) return end(Problem::Expired);
    return {};
}

StaffRequest StaffSignIn::leave() {
    // A sign-in still under way is abandoned: its answer, when it comes, is ignored.
    if (state_ == State::SigningIn) state_ = State::SignedOut;
    problem_ = Problem::None;
    if (state_ != State::SignedIn) return {};
    return end(Problem::None);
}

double StaffSignIn::next_deadline_in(double now_ms) const {
    if (state_ != State::SignedIn) return -1;
    const double idle_limit = kiosk_ ? std::min(limits_.kiosk_idle_ms, limits_.idle_ms) : limits_.idle_ms;
    return std::max(0.0, std::min(last_activity_ms_ + idle_limit, started_ms_ + limits_.max_ms) - now_ms);
}

StaffRequest StaffSignIn::end(Problem why) {
    StaffRequest request{StaffRequest::Kind::EndSession, session_};
    session_.clear();
    session_.shrink_to_fit();
    name_.clear();
    role_ = StaffRole::Viewer;
    state_ = State::SignedOut;
    problem_ = why;
    return request;
}

}  // namespace tellus
