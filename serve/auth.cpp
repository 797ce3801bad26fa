#include "auth.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

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

}  // namespace

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

StaffTokens StaffTokens::parse(const std::string& text, const std::string& source) {
    StaffTokens tokens;
    std::istringstream in(text);
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        line = trim(line);
        if (line.empty() || line[0] == '#') continue;
        if (line.rfind("sha256:", 0) == 0) {
            Sha256 hash{};
            if (!parse_hex_hash(line.substr(7), hash))
                throw std::runtime_error(source + " line " + std::to_string(number) + ": after \"sha256:\" there must be 64 hex digits");
            tokens.hashes_.push_back(hash);
        } else {
            if (line.size() < 16)
                throw std::runtime_error(source + " line " + std::to_string(number) +
                                         ": a staff token must be at least 16 characters (make one with: tellus-serve token new)");
            tokens.hashes_.push_back(sha256(line));
        }
    }
    if (tokens.hashes_.empty()) throw std::runtime_error(source + " has no staff tokens (make one with: tellus-serve token new)");
    return tokens;
}

bool StaffTokens::accepts(const std::string& token) const {
    if (token.empty()) return false;
    const Sha256 presented = sha256(token);
    // Every stored hash is compared, in constant time, so timing says nothing about which matched.
    int matches = 0;
    for (const auto& hash : hashes_) matches |= CRYPTO_memcmp(hash.data(), presented.data(), hash.size()) == 0;
    return matches != 0;
}

bool StaffTokens::accepts_header(const std::string& authorization) const {
    const std::string prefix = "Bearer ";
    if (authorization.size() <= prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(authorization[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) return false;
    return accepts(trim(authorization.substr(prefix.size())));
}

NewToken make_token() {
    unsigned char random[32];
    if (RAND_bytes(random, sizeof random) != 1) throw std::runtime_error("the system could not provide random bytes for a token");
    NewToken made;
    made.token = to_hex(random, sizeof random);
    const Sha256 hash = sha256(made.token);
    made.file_line = "sha256:" + to_hex(hash.data(), hash.size());
    return made;
}

}  // namespace tellus::serve
