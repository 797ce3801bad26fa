#include "auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tellus::serve {
namespace {

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}


}  // namespace

bool parse_hex_hash(const std::string& hex, Sha256& out) {
    if (hex.size() != 64) return false;
    for (size_t i = 0; i < 32; ++i) {
        unsigned value = 0;
        if (std::sscanf(hex.c_str() + 2 * i, "%2x", &value) != 1 || !std::isxdigit(static_cast<unsigned char>(hex[2 * i])) ||
            !std::isxdigit(static_cast<unsigned char>(hex[2 * i + 1])))
            return false;
        out[i] = static_cast<unsigned char>(value);
    }
    return true;
}

Sha256 sha256(const std::string& text) {
    Sha256 digest{};
    unsigned int length = 0;
    EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr);
    return digest;
}

std::string to_hex(const unsigned char* bytes, size_t size) {
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (size_t i = 0; i < size; ++i) {
        hex += digits[bytes[i] >> 4];
        hex += digits[bytes[i] & 15];
    }
    return hex;
}

StaffTokens StaffTokens::load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the staff token file \"" + path + "\" (see --staff-token-file)");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
}

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

bool is_valid_token_name(const std::string& name) {
    if (name.empty() || name.size() > 100 || name.front() == ' ' || name.back() == ' ') return false;
    return std::none_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

namespace {

std::vector<std::string> words_of(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

// The line's secret as a hash: "sha256:HEX", or the token itself (hashed here).
Sha256 secret_hash(const std::string& secret, const std::string& where) {
    Sha256 hash{};
    if (secret.rfind("sha256:", 0) == 0) {
        if (!parse_hex_hash(secret.substr(7), hash)) throw std::runtime_error(where + ": after \"sha256:\" there must be 64 hex digits");
        return hash;
    }
    if (secret.size() < 16)
        throw std::runtime_error(where + ": a staff token must be at least 16 characters (make one with: tellus-serve token new)");
    return sha256(secret);
}

}  // namespace

StaffTokens StaffTokens::parse(const std::string& text, const std::string& source) {
    StaffTokens tokens;
    std::istringstream in(text);
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        const std::string where = source + " line " + std::to_string(number);
        const auto words = words_of(line);
        StaffToken token;
        if (words.size() == 1) {
            token.hash = secret_hash(words[0], where);
            token.name = "admin";
        } else {
            const auto role = parse_role(words[0]);
            if (!role || words.size() < 3)
                throw std::runtime_error(where + ": write ROLE NAME SECRET, where ROLE is viewer, manager or admin (or only a token, for an admin)");
            token.role = *role;
            token.hash = secret_hash(words.back(), where);
            const auto first = line.find_first_of(" \t"), last = line.find_last_of(" \t");
            token.name = trim(line.substr(first, last - first));
        }
        for (const auto& other : tokens.tokens_)
            if (CRYPTO_memcmp(other.hash.data(), token.hash.data(), token.hash.size()) == 0)
                throw std::runtime_error(where + ": this token is already in the file (each person gets their own)");
        tokens.tokens_.push_back(std::move(token));
    }
    if (tokens.tokens_.empty()) throw std::runtime_error(source + " has no staff tokens (make one with: tellus-serve token new)");
    return tokens;
}

std::optional<StaffToken> StaffTokens::find(const std::string& token) const {
    if (token.empty()) return std::nullopt;
    return find_hash(sha256(token));
}

std::optional<StaffToken> StaffTokens::find_hash(const Sha256& hash) const {
    // Every stored hash is compared, in constant time, so timing says nothing about which matched.
    const StaffToken* found = nullptr;
    for (const auto& t : tokens_)
        if (CRYPTO_memcmp(t.hash.data(), hash.data(), hash.size()) == 0) found = &t;
    if (!found) return std::nullopt;
    return *found;
}

size_t StaffTokens::count(Role role) const {
    return static_cast<size_t>(std::count_if(tokens_.begin(), tokens_.end(), [role](const StaffToken& t) { return t.role == role; }));
}

std::string bearer_of(const std::string& authorization) {
    const std::string prefix = "Bearer ";
    if (authorization.size() <= prefix.size()) return {};
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) return {};
    return trim(authorization.substr(prefix.size()));
}

NewToken make_token(Role role, const std::string& name) {
    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("the system could not provide random bytes for a token");
    NewToken made;
    made.token = to_hex(random, sizeof random);
    const Sha256 hash = sha256(made.token);
    made.file_line = std::string(to_string(role)) + " " + name + " sha256:" + to_hex(hash.data(), hash.size());
    return made;
}

}  // namespace tellus::serve
