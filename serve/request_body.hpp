#pragma once
// Request bodies, read so that no transfer or content encoding gets past the limits:
//   - gate_body() runs before routing, on the headers alone: a body the server would not read
//     (a GET with a body, a POST to a route that takes none), an unknown or doubled framing
//     (Transfer-Encoding with Content-Length: request smuggling), an unknown Content-Encoding, or a
//     declared length over the limit is answered at once, and the connection is closed after it;
//   - read_body() reads through the HTTP library's decoder (chunked, gzip, deflate, br) and
//     counts the *decoded* bytes while decoding, so a 200 KiB gzip bomb stops at 1 MiB, not 200 MiB.
#include <httplib.h>

#include <optional>
#include <string>

namespace tellus::serve {

struct BodyProblem {
    int status;
    std::string message;  // plain words for {"error": ...}
};

// The routes that take a body, as "METHOD /path". Every other request must come without one.
bool takes_body(const std::string& method, const std::string& path);
bool has_body(const httplib::Request& req);

// Checks the headers of a request before anything of its body is read.
std::optional<BodyProblem> gate_body(const httplib::Request& req);

struct BodyRead {
    std::string body;
    std::optional<BodyProblem> problem;  // set when it could not be read whole (413 or 400)
};
// Reads the whole body, decoded, stopping at limits::kMaxBodyBytes.
BodyRead read_body(const httplib::ContentReader& reader);

}  // namespace tellus::serve
