#pragma once
// Staff tokens. Each line of the token file is `ROLE NAME SECRET` ("manager Office manager
// 3f9c..."), where SECRET is the token or its hash as "sha256:<64 hex digits>" so the file need not
// contain the secret itself; NAME is everything between the first and the last word. A line with
// only a token, as before roles existed, is an admin's. Only hashes are kept in memory, and a
// presented token is compared against every one in constant time.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tellus::serve {

using Sha256 = std::array<unsigned char, 32>;

// Ordered: each role can do everything the one before it can.
//   viewer:  summaries by fixed periods, indicators, masked comments, the printable report
//   manager: + raw exports, arbitrary date ranges, device downloads, marking comments
//   admin:   + surveys and the audit trail
enum class Role { Viewer = 1, Manager = 2, Admin = 3 };
const char* to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

// The secret of an "Authorization: Bearer <secret>" header value ("" when it is not one).
std::string bearer_of(const std::string& authorization);

struct StaffToken {
    Sha256 hash{};
    Role role = Role::Admin;
    std::string name;
};

Sha256 sha256(const std::string& text);
std::string to_hex(const unsigned char* bytes, size_t size);
// 64 hex digits into a hash; false when `hex` is not exactly that.
bool parse_hex_hash(const std::string& hex, Sha256& out);

class StaffTokens {
public:
    // Throws std::runtime_error naming the file and line when it cannot be used.
    static StaffTokens load_file(const std::string& path);
    static StaffTokens parse(const std::string& text, const std::string& source);
    // The token's entry when `token` is one of them.
    std::optional<StaffToken> find(const std::string& token) const;
    // The entry whose hash is `hash` (a session's token still in the file?).
    std::optional<StaffToken> find_hash(const Sha256& hash) const;
    bool accepts(const std::string& token) const { return find(token).has_value(); }
    // Checks an "Authorization: Bearer <token>" header value.
    bool accepts_header(const std::string& authorization) const { return accepts(bearer_of(authorization)); }
    size_t size() const { return tokens_.size(); }
    size_t count(Role role) const;

private:
    std::vector<StaffToken> tokens_;
};

struct NewToken {
    std::string token;      // give this to the staff member
    std::string file_line;  // "ROLE NAME sha256:..." for the token file
};
// Names are one line of plain text: no control characters, at most 100 characters.
NewToken make_token(Role role, const std::string& name);
bool is_valid_token_name(const std::string& name);

}  // namespace tellus::serve
