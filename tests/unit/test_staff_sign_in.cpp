// Staff sign-in on a shared device (core/staff_sign_in.hpp): the token is used once, only a
// session is held, and every way of walking away ends it.
#include <doctest/doctest.h>

#include "core/staff_sign_in.hpp"

using namespace tellus;
using Kind = StaffRequest::Kind;

namespace {
const std::string kToken = "0123456789abcdef0123456789abcdef";
const std::string kReply = R"({"session":"s3cr3t","role":"manager","name":"Office manager","idle_seconds":900,"max_seconds":28800})";

StaffSignIn signed_in(bool kiosk = false, double now = 0) {
    StaffSignIn s({}, kiosk);
    s.sign_in(kToken, now);
    s.on_session_reply(201, kReply, now);
    return s;
}
}  // namespace

TEST_CASE("the token makes one session and is not kept") {
    StaffSignIn s;
    const StaffRequest first = s.sign_in(kToken, 0);
    CHECK(first.kind == Kind::CreateSession);
    CHECK(first.bearer == kToken);
    // A double tap on "Sign in" (or Enter pressed twice) while the first is under way: one request.
    CHECK(s.sign_in(kToken, 30).kind == Kind::None);
    CHECK(s.on_session_reply(201, kReply, 100).kind == Kind::None);
    CHECK(s.signed_in());
    CHECK(s.bearer() == "s3cr3t");
    CHECK(s.bearer() != kToken);
    CHECK(s.role() == StaffRole::Manager);
    CHECK(s.name() == "Office manager");
    CHECK(s.can(StaffRole::Viewer));
    CHECK(s.can(StaffRole::Manager));
    CHECK_FALSE(s.can(StaffRole::Admin));
    CHECK(s.sign_in(kToken, 200).kind == Kind::None);  // already signed in
}

TEST_CASE("a refused, unreachable or garbled sign-in leaves nothing behind") {
    struct Case {
        int status;
        std::string body;
        StaffSignIn::Problem problem;
    };
    using P = StaffSignIn::Problem;
    const Case cases[] = {{401, R"({"error":"no"})", P::WrongToken},
                          {403, "{}", P::WrongToken},
                          {0, "", P::Offline},
                          {500, "{}", P::ServerProblem},
                          {200, "<html>Wi-Fi login</html>", P::ServerProblem},
                          {201, R"({"session":"x","role":"superuser"})", P::ServerProblem}};
    for (const auto& [status, body, problem] : cases) {
        CAPTURE(status);
        StaffSignIn s;
        s.sign_in(kToken, 0);
        s.on_session_reply(status, body, 10);
        CHECK(s.state() == StaffSignIn::State::SignedOut);
        CHECK(s.problem() == problem);
        CHECK(s.bearer().empty());
        CHECK_FALSE(s.can(StaffRole::Viewer));
        CHECK(s.sign_in(kToken, 20).kind == Kind::CreateSession);  // and staff can try again
    }
}

TEST_CASE("a session the server made for an unknown role is ended, not kept") {
    StaffSignIn s;
    s.sign_in(kToken, 0);
    const StaffRequest r = s.on_session_reply(201, R"({"session":"orphan","role":"root"})", 10);
    CHECK(r.kind == Kind::EndSession);
    CHECK(r.bearer == "orphan");
}

TEST_CASE("leaving ends the session on the server too") {
    StaffSignIn s = signed_in();
    const StaffRequest r = s.leave();
    CHECK(r.kind == Kind::EndSession);
    CHECK(r.bearer == "s3cr3t");
    CHECK(s.bearer().empty());
    CHECK_FALSE(s.signed_in());
    CHECK(s.problem() == StaffSignIn::Problem::None);
    CHECK(s.leave().kind == Kind::None);  // a second tap on "Leave" sends nothing more
}

TEST_CASE("leaving while the sign-in is under way: the late session is ended, never taken") {
    StaffSignIn s;
    s.sign_in(kToken, 0);
    CHECK(s.leave().kind == Kind::None);
    const StaffRequest late = s.on_session_reply(201, kReply, 500);
    CHECK(late.kind == Kind::EndSession);
    CHECK(late.bearer == "s3cr3t");
    CHECK_FALSE(s.signed_in());
    CHECK(s.bearer().empty());
}

TEST_CASE("a kiosk left in staff mode signs out at the kiosk's idle limit") {
    StaffSignIn s = signed_in(true, 1000);
    CHECK(s.tick(1000 + 74'000).kind == Kind::None);
    s.activity(1000 + 74'000);  // staff touched the screen: the wait starts again
    CHECK(s.tick(1000 + 74'000 + 74'999).kind == Kind::None);
    CHECK(s.next_deadline_in(1000 + 74'000 + 74'999) == doctest::Approx(1));
    const StaffRequest r = s.tick(1000 + 74'000 + 75'000);
    CHECK(r.kind == Kind::EndSession);
    CHECK(r.bearer == "s3cr3t");
    CHECK(s.problem() == StaffSignIn::Problem::Expired);
    CHECK(s.next_deadline_in(0) < 0);
}

TEST_CASE("on a staff member's own phone the server's limits apply: 15 minutes idle, 8 hours in all") {
    StaffSignIn phone = signed_in(false, 0);
    CHECK(phone.tick(14 * 60'000.0).kind == Kind::None);
    CHECK(phone.tick(15 * 60'000.0).kind == Kind::EndSession);

    StaffSignIn busy = signed_in(false, 0);
    for (double t = 0; t < 8 * 3'600'000.0; t += 10 * 60'000.0) {
        busy.activity(t);
        REQUIRE(busy.tick(t).kind == Kind::None);
    }
    CHECK(busy.tick(8 * 3'600'000.0).kind == Kind::EndSession);
}

TEST_CASE("shorter limits from the server are kept") {
    StaffSignIn s;
    s.sign_in(kToken, 0);
    s.on_session_reply(201, R"({"session":"s","role":"viewer","idle_seconds":60,"max_seconds":120})", 0);
    CHECK(s.tick(59'000).kind == Kind::None);
    CHECK(s.tick(60'000).kind == Kind::EndSession);
}

TEST_CASE("a 401 on any staff request signs out at once; other errors do not") {
    StaffSignIn s = signed_in();
    CHECK(s.on_status(403).kind == Kind::None);  // a wrong role: still signed in, told plainly
    CHECK(s.on_status(500).kind == Kind::None);
    CHECK(s.on_status(0).kind == Kind::None);
    CHECK(s.signed_in());
    CHECK(s.on_status(401).kind == Kind::EndSession);
    CHECK_FALSE(s.signed_in());
    CHECK(s.problem() == StaffSignIn::Problem::Expired);
}
