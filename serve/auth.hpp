#pragma once
// Staff tokens for export and summary. The token file holds one token per line, or its hash as
// "sha256:<64 hex digits>" so the file need not contain the secret itself. Only hashes are kept in
// memory, and a presented token is compared against every one in constant time.
#include <array>
#include <string>
#include <vector>

namespace tellus::serve {

using Sha256 = std::array<unsigned char, 32>;

Sha256 sha256(const std::string& text);
std::string to_hex(const unsigned char* bytes, size_t size);

class StaffTokens {
public:
    // Throws std::runtime_error naming the file and line when it cannot be used.
    static StaffTokens load_file(const std::string& path);
    static StaffTokens parse(const std::string& text, const std::string& source);
    bool accepts(const std::string& token) const;
    // Checks an "Authorization: Bearer <token>" header value.
    bool accepts_header(const std::string& authorization) const;
    size_t size() const { return hashes_.size(); }

private:
    std::vector<Sha256> hashes_;
};

struct NewToken {
    std::string token;      // give this to the staff member
    std::string file_line;  // "sha256:..." for the token file
};
NewToken make_token();

}  // namespace tellus::serve
