#pragma once
// Staff sign-in on a shared device (issue 11), as a state machine like SyncEngine: no I/O, no
// clock. The app feeds it what staff typed, the server's answers and the time; it says which
// request to send and what to show. What it guarantees:
//  - the staff token is used once, to make a server session (POST /api/v1/session), and is not
//    kept: not here, not in storage, not in the address. Only the session secret is held, in
//    memory, so a reload ends it;
//  - leaving staff mode, the device's idle limit and the session's own limits end the session,
//    and ending it asks the server to forget it too (DELETE /api/v1/session);
//  - a 401 on any staff request (the server ended the session, or its token was revoked) signs
//    out at once.
//
//     sign_in(token)          201 + session              leave(), tick() past a limit, 401
//  SignedOut ─────► SigningIn ──────────────► SignedIn ───────────────────────────────► SignedOut
//      ▲                 │ 401/403: WrongToken, 0: Offline, else ServerProblem
//      └─────────────────┘
#include <optional>
#include <string>

namespace tellus {

enum class StaffRole { Viewer = 1, Manager = 2, Admin = 3 };
std::optional<StaffRole> parse_staff_role(const std::string& text);
const char* to_string(StaffRole role);  // "viewer", "manager", "admin"

struct StaffSignInLimits {
    double idle_ms = 15 * 60'000.0;          // the server's idle limit: a phone on a staff member's desk
    double max_ms = 8 * 3'600'000.0;         // the server's longest session
    double kiosk_idle_ms = 75'000.0;         // a shared kiosk: the patient screens' idle limit + countdown
};

// What the platform should send: nothing, a new session from a token, or the end of a session.
struct StaffRequest {
    enum class Kind { None, CreateSession, EndSession } kind = Kind::None;
    std::string bearer;  // the token (CreateSession) or the session secret (EndSession)
};

class StaffSignIn {
public:
    enum class State { SignedOut, SigningIn, SignedIn };
    // Why the last sign-in or session ended, for a plain message.
    enum class Problem { None, WrongToken, Offline, ServerProblem, Expired };

    explicit StaffSignIn(StaffSignInLimits limits = {}, bool kiosk = false) : limits_(limits), kiosk_(kiosk) {}

    // Staff pressed "Sign in" (or Enter) with `token` typed. Ignored while a sign-in is under way
    // or when signed in (a double tap makes one session).
    StaffRequest sign_in(const std::string& token, double now_ms);
    // The answer to CreateSession: HTTP status (0 = network error) and body. An answer that comes
    // after staff left is not taken: the session it names is ended (EndSession) instead.
    StaffRequest on_session_reply(int status, const std::string& body, double now_ms);
    // The status of any other staff request: a 401 means the session is gone.
    StaffRequest on_status(int status);
    // A touch, click or key while in staff mode.
    void activity(double now_ms);
    // Called every frame: ends the session past the idle or overall limit.
    StaffRequest tick(double now_ms);
    // Staff left, or the device is reset for the next person.
    StaffRequest leave();

    State state() const { return state_; }
    bool signed_in() const { return state_ == State::SignedIn; }
    Problem problem() const { return problem_; }
    const std::string& bearer() const { return session_; }
    StaffRole role() const { return role_; }
    const std::string& name() const { return name_; }
    bool can(StaffRole needed) const { return signed_in() && role_ >= needed; }
    // When tick() next needs to run with no input (ms from `now_ms`), or a negative value for never.
    double next_deadline_in(double now_ms) const;

private:
    StaffRequest end(Problem why);

    StaffSignInLimits limits_;
    bool kiosk_;
    State state_ = State::SignedOut;
    Problem problem_ = Problem::None;
    std::string session_, name_;
    StaffRole role_ = StaffRole::Viewer;
    double started_ms_ = 0, last_activity_ms_ = 0;
};

}  // namespace tellus
