#include "import_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <streambuf>
#include <vector>

namespace tellus::serve {

using nlohmann::json;

namespace {

using Sax = nlohmann::json_sax<json>;

std::string too_deep(std::size_t max_depth) {
    return "is nested deeper than " + std::to_string(max_depth) + " levels, far more than any response needs";
}

std::string size_words(std::size_t bytes) {
    return std::to_string(bytes) + " bytes" + (bytes % (1024 * 1024) == 0 ? " (" + std::to_string(bytes / (1024 * 1024)) + " MiB)" : "");
}

// nlohmann's message without its prefix ("[json.exception.parse_error.101] parse error at line 1,
// column 1: ") and without "; last read: '...'", which can quote a whole patient comment.
std::string short_reason(const nlohmann::detail::exception& ex) {
    std::string text = ex.what();
    if (const auto colon = text.find(": "); colon != std::string::npos) text.erase(0, colon + 2);
    if (const auto last = text.find("; last read"); last != std::string::npos) text.resize(last);
    if (text.size() > 160) text.resize(160);
    return text;
}

bool is_blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Builds one JSON value from SAX events, like nlohmann's own DOM parser: a stack of the
// containers open, each pointing into its parent (an object's members do not move; an array's
// last element is not moved while it is being filled).
class Builder {
public:
    bool active() const { return !stack_.empty(); }
    void begin(bool object) {
        root_ = object ? json::object() : json::array();
        stack_.assign(1, &root_);
    }
    void value(json&& v) { place(std::move(v)); }
    void open(bool object) { stack_.push_back(place(object ? json::object() : json::array())); }
    bool close() {  // true when the outermost container was closed: the value is complete
        stack_.pop_back();
        return stack_.empty();
    }
    void key(std::string&& k) { key_ = std::move(k); }
    json take() {
        stack_.clear();
        return std::move(root_);
    }
    void drop() {
        stack_.clear();
        root_ = nullptr;
    }

private:
    json* place(json&& v) {
        json& top = *stack_.back();
        if (top.is_object()) {
            json& slot = top[key_];
            slot = std::move(v);
            return &slot;
        }
        top.push_back(std::move(v));
        return &top.back();
    }
    json root_;
    std::vector<json*> stack_;
    std::string key_;
};

// One whole value (an NDJSON line), with the depth limit.
class LineHandler : public Sax {
public:
    explicit LineHandler(std::size_t max_depth) : max_depth_(max_depth) {}
    bool null() override { return scalar(nullptr); }
    bool boolean(bool v) override { return scalar(v); }
    bool number_integer(number_integer_t v) override { return scalar(v); }
    bool number_unsigned(number_unsigned_t v) override { return scalar(v); }
    bool number_float(number_float_t v, const string_t&) override { return scalar(v); }
    bool string(string_t& v) override { return scalar(std::move(v)); }
    bool binary(binary_t& v) override { return scalar(json::binary(std::move(v))); }
    bool start_object(std::size_t) override { return open(true); }
    bool start_array(std::size_t) override { return open(false); }
    bool key(string_t& k) override {
        builder_.key(std::move(k));
        return true;
    }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) override {
        error_ = "is not JSON (" + short_reason(ex) + ")";
        return false;
    }
    json take() { return std::move(value_); }
    const std::string& error() const { return error_; }

private:
    bool scalar(json&& v) {
        if (builder_.active()) builder_.value(std::move(v));
        else value_ = std::move(v);
        return true;
    }
    bool open(bool object) {
        if (++depth_ > max_depth_) {
            error_ = too_deep(max_depth_);
            return false;
        }
        if (builder_.active()) builder_.open(object);
        else builder_.begin(object);
        return true;
    }
    bool close() {
        --depth_;
        if (builder_.close()) value_ = builder_.take();
        return true;
    }
    std::size_t max_depth_;
    std::size_t depth_ = 0;
    Builder builder_;
    json value_;
    std::string error_;
};

// The bytes of a document: first `prefix` (what was read to tell the format), then the rest of
// `source` in chunks. It knows the offset the parser has reached, turns offsets into line numbers
// (counting newlines once, as the parser moves forward), and stops the reading when more than
// `cap` bytes pass after the last mark (the start or end of the latest response) so that no
// single value, even one long string, is held in memory past the limit.
class ImportBuf : public std::streambuf {
public:
    ImportBuf(std::streambuf& source, std::string prefix, std::size_t cap)
        : source_(source), prefix_(std::move(prefix)), chunk_(64 * 1024), cap_(cap) {
        if (!prefix_.empty()) setg(prefix_.data(), prefix_.data(), prefix_.data() + prefix_.size());
    }
    std::uint64_t consumed() const { return base_ + static_cast<std::uint64_t>(gptr() - eback()); }
    // 1-based line of the byte at `offset`; exact while offsets asked for only move forward.
    std::size_t line_at(std::uint64_t offset) {
        count_to(offset);
        return 1 + newlines_;
    }
    void mark(std::uint64_t offset) {
        mark_ = offset;
        mark_line_ = line_at(offset);
    }
    std::size_t mark_line() const { return mark_line_; }
    // Line of the last byte read (a newline belongs to the line it ends).
    std::size_t line_of_last_byte() {
        const std::size_t line = line_at(consumed());
        const char last = gptr() > eback() ? gptr()[-1] : last_retired_;
        return last == '\n' && line > 1 ? line - 1 : line;
    }

protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        const std::uint64_t end = base_ + static_cast<std::uint64_t>(egptr() - eback());
        count_to(end);
        if (egptr() > eback()) last_retired_ = egptr()[-1];
        base_ = end;
        if (end - mark_ > cap_)
            // Said of the text, not of "the response": it may be whitespace or other members after the last one.
            throw ImportError(mark_line_, "the text from line " + std::to_string(mark_line_) + " runs on for more than " +
                                              size_words(cap_) + " without completing a response (one response may take at most that)");
        const auto got = source_.sgetn(chunk_.data(), static_cast<std::streamsize>(chunk_.size()));
        const std::size_t n = got > 0 ? static_cast<std::size_t>(got) : 0;
        setg(chunk_.data(), chunk_.data(), chunk_.data() + n);
        return n == 0 ? traits_type::eof() : traits_type::to_int_type(*gptr());
    }

private:
    void count_to(std::uint64_t offset) {
        const std::uint64_t area_end = base_ + static_cast<std::uint64_t>(egptr() - eback());
        offset = std::min(offset, area_end);
        if (offset <= counted_to_) return;
        const char* from = eback() + (counted_to_ - base_);
        const char* to = eback() + (offset - base_);
        newlines_ += static_cast<std::size_t>(std::count(from, to, '\n'));
        counted_to_ = offset;
    }

    std::streambuf& source_;
    std::string prefix_;
    std::vector<char> chunk_;
    std::size_t cap_;
    std::uint64_t base_ = 0;        // offset of eback()
    std::uint64_t counted_to_ = 0;  // newlines_ counts the newlines before this offset (>= base_)
    std::size_t newlines_ = 0;
    std::uint64_t mark_ = 0;
    std::size_t mark_line_ = 1;
    char last_retired_ = 0;
};

// One JSON document: an array of responses, {"responses": [...]}, or one response object. Items
// are built one at a time and handed to the sink as soon as each is complete.
class DocumentHandler : public Sax {
public:
    DocumentHandler(ImportBuf& buf, const ImportSink& sink, const ImportLimits& limits) : buf_(buf), sink_(sink), limits_(limits) {}

    ImportFormat format() const {
        if (root_ == Root::Array) return ImportFormat::Array;
        return responses_seen_ ? ImportFormat::ResponsesObject : ImportFormat::OneObject;
    }

    bool null() override { return scalar(nullptr); }
    bool boolean(bool v) override { return scalar(v); }
    bool number_integer(number_integer_t v) override { return scalar(v); }
    bool number_unsigned(number_unsigned_t v) override { return scalar(v); }
    bool number_float(number_float_t v, const string_t&) override { return scalar(v); }
    bool string(string_t& v) override { return scalar(std::move(v)); }
    bool binary(binary_t& v) override { return scalar(json::binary(std::move(v))); }
    bool start_object(std::size_t) override { return open(true); }
    bool start_array(std::size_t) override { return open(false); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }

    bool key(string_t& k) override {
        if (item_.active()) item_.key(std::move(k));
        else if (root_ == Root::Object && depth_ == 1 && k == "responses") expect_responses_ = true;
        else if (rest_.active()) rest_.key(std::move(k));
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
        const std::string reason = short_reason(ex);
        // `position` counts the bytes read, the offending one included (or the end of the file).
        if (reason.find("unexpected end of input") != std::string::npos) {
            const std::size_t line = buf_.line_of_last_byte();
            throw ImportError(line, "line " + std::to_string(line) + ": the file ends in the middle of its JSON (" + reason + ")");
        }
        const std::size_t line = buf_.line_at(position > 0 ? position - 1 : 0);
        throw ImportError(line, "line " + std::to_string(line) + " is not JSON (" + reason + ")");
    }

private:
    enum class Root { None, Array, Object };

    std::size_t line_here() { return buf_.line_at(buf_.consumed() > 0 ? buf_.consumed() - 1 : 0); }
    [[noreturn]] void fail(const std::string& what_after_line) {
        const std::size_t line = line_here();
        throw ImportError(line, "line " + std::to_string(line) + " " + what_after_line);
    }
    // Whether a value with `level` containers around it is one of the items.
    bool items_at(std::size_t level) const { return (root_ == Root::Array && level == 1) || (in_responses_ && level == 2); }

    bool scalar(json&& v) {
        if (expect_responses_) fail("has \"responses\" that is not a list of response objects");
        if (item_.active()) {
            item_.value(std::move(v));
        } else if (depth_ == 0) {
            fail("is not a JSON array, {\"responses\": [...]}, a response object or one object per line (NDJSON)");
        } else if (items_at(depth_)) {
            start_item();
            emit(std::move(v));
        } else if (rest_.active()) {
            rest_.value(std::move(v));
        }
        return true;
    }

    bool open(bool object) {
        if (++depth_ > limits_.max_depth) fail(too_deep(limits_.max_depth));
        if (expect_responses_) {
            expect_responses_ = false;
            if (object) fail("has \"responses\" that is not a list of response objects");
            in_responses_ = responses_seen_ = true;
            rest_.drop();  // the other members of a device's download are not needed
            buf_.mark(buf_.consumed());
        } else if (item_.active()) {
            item_.open(object);
        } else if (depth_ == 1) {
            root_ = object ? Root::Object : Root::Array;
            if (object) {
                start_item();  // one response object, unless it turns out to hold "responses"
                rest_.begin(true);
            } else {
                buf_.mark(buf_.consumed());
            }
        } else if (items_at(depth_ - 1)) {
            start_item();
            item_.begin(object);
        } else if (rest_.active()) {
            rest_.open(object);
        }
        return true;
    }

    bool close() {
        if (item_.active()) {
            const bool done = item_.close();
            --depth_;
            if (done) emit(item_.take());
            return true;
        }
        if (in_responses_ && depth_ == 2) {
            in_responses_ = false;
        } else if (rest_.active() && rest_.close() && !responses_seen_) {
            --depth_;
            emit(rest_.take());  // the file was one response object
            return true;
        }
        --depth_;
        return true;
    }

    void start_item() {
        item_start_ = buf_.consumed() > 0 ? buf_.consumed() - 1 : 0;
        buf_.mark(item_start_);
    }

    void emit(json&& value) {
        const std::uint64_t end = buf_.consumed();
        const std::uint64_t bytes = end - item_start_;
        if (bytes > limits_.max_item_bytes)
            throw ImportError(buf_.mark_line(), "the response starting on line " + std::to_string(buf_.mark_line()) + " is larger than " +
                                                    size_words(limits_.max_item_bytes) + ", the most one response may take");
        buf_.mark(end);
        sink_(ImportItem{std::move(value), static_cast<std::size_t>(bytes)});
    }

    ImportBuf& buf_;
    const ImportSink& sink_;
    ImportLimits limits_;
    Root root_ = Root::None;
    std::size_t depth_ = 0;            // containers open around the parser
    bool expect_responses_ = false;    // the last key of the outermost object was "responses"
    bool in_responses_ = false;        // inside that list: its elements are the items
    bool responses_seen_ = false;
    Builder item_;                     // the item being read
    Builder rest_;                     // the outermost object, while it may still be one response
    std::uint64_t item_start_ = 0;
};

ImportFormat read_document(std::istream& in, std::string seen, const ImportSink& on_item, const ImportLimits& limits) {
    ImportBuf buf(*in.rdbuf(), std::move(seen), limits.max_item_bytes);
    std::istream stream(&buf);
    DocumentHandler handler(buf, on_item, limits);
    // strict: only white space may follow the document. The parser keeps its own stack of open
    // containers on the heap, so deep nesting reaches our depth check instead of the C++ stack.
    if (!json::sax_parse(stream, &handler, json::input_format_t::json, /*strict=*/true))
        throw ImportError(buf.line_at(buf.consumed()), "line " + std::to_string(buf.line_at(buf.consumed())) + " is not JSON");
    return handler.format();
}

void emit_line(std::string_view text, std::size_t line, const ImportSink& on_item, const ImportLimits& limits) {
    ImportLine parsed = parse_import_line(text, limits);
    if (parsed.blank) return;
    if (!parsed.error.empty()) throw ImportError(line, "line " + std::to_string(line) + " " + parsed.error);
    on_item(ImportItem{std::move(parsed.value), text.size()});
}

// NDJSON from the line numbered `line`, whose first bytes, already read, are in `text`. The
// rest is read in chunks; a line is held in memory only up to the limit.
void read_lines(std::streambuf& sb, std::string text, std::size_t line, const ImportSink& on_item, const ImportLimits& limits) {
    std::vector<char> chunk(64 * 1024);
    for (;;) {
        const auto got = sb.sgetn(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        if (got <= 0) break;
        const char* p = chunk.data();
        const char* const end = p + got;
        while (p < end) {
            const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
            const char* stop = newline ? newline : end;
            // A line may end in "\r\n": one byte more than the limit is allowed before deciding.
            if (text.size() + static_cast<std::size_t>(stop - p) > limits.max_item_bytes + 1)
                throw ImportError(line, "line " + std::to_string(line) + " is longer than " + size_words(limits.max_item_bytes) +
                                            ", the most one response may take");
            text.append(p, stop);
            if (!newline) break;
            emit_line(text, line, on_item, limits);
            text.clear();
            ++line;
            p = newline + 1;
        }
    }
    emit_line(text, line, on_item, limits);  // the last line, when the file does not end with a newline
}

}  // namespace

const char* to_string(ImportFormat format) {
    switch (format) {
        case ImportFormat::Ndjson: return "NDJSON";
        case ImportFormat::Array: return "JSON array";
        case ImportFormat::ResponsesObject: return "{\"responses\": [...]}";
        case ImportFormat::OneObject: return "one response object";
    }
    return "?";
}

ImportLine parse_import_line(std::string_view line, const ImportLimits& limits) {
    ImportLine out;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > limits.max_item_bytes) {
        out.error = "is longer than " + size_words(limits.max_item_bytes) + ", the most one response may take";
        return out;
    }
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
        out.blank = true;
        return out;
    }
    // The JSON parser takes a NUL byte for the end of its input, and would drop the rest silently.
    if (line.find('\0') != std::string_view::npos) {
        out.error = "holds a NUL byte (not JSON text)";
        return out;
    }
    try {
        LineHandler handler(limits.max_depth);
        // strict: nothing but white space may follow the value on its line.
        if (json::sax_parse(line.begin(), line.end(), &handler, json::input_format_t::json, /*strict=*/true)) out.value = handler.take();
        else out.error = handler.error().empty() ? "is not JSON" : handler.error();
    } catch (const std::exception& e) {  // out of memory, in practice
        out.error = std::string("could not be read (") + e.what() + ")";
    }
    return out;
}

ImportFormat read_import(std::istream& in, const ImportSink& on_item, const ImportLimits& limits) {
    std::streambuf& sb = *in.rdbuf();
    std::string seen;  // what was read to tell the format, for the document reader to start from
    std::size_t line = 1;
    int c = sb.sbumpc();
    for (; c != EOF && is_blank(c); c = sb.sbumpc()) {
        seen.push_back(static_cast<char>(c));
        if (c == '\n') ++line;
        if (seen.size() > limits.max_item_bytes) return read_document(in, std::move(seen), on_item, limits);
    }
    if (c == EOF) return ImportFormat::Ndjson;  // empty, or blank lines only: nothing to import
    // The first non-blank line.
    const std::size_t first_line = line, first_start = seen.size();
    for (; c != EOF && c != '\n'; c = sb.sbumpc()) {
        seen.push_back(static_cast<char>(c));
        if (seen.size() - first_start > limits.max_item_bytes + 1) return read_document(in, std::move(seen), on_item, limits);
    }
    const std::size_t first_end = seen.size();
    if (c == '\n') seen.push_back('\n');
    if (!json::accept(std::string_view(seen).substr(first_start, first_end - first_start)))
        return read_document(in, std::move(seen), on_item, limits);  // e.g. "[" or "{" of a pretty-printed file
    // It is a complete value: NDJSON if another non-blank line follows, else the whole document.
    if (c == '\n') {
        ++line;
        for (c = sb.sbumpc(); c != EOF && is_blank(c); c = sb.sbumpc())
            if (c == '\n') ++line;
    }
    if (c == EOF) {
        seen.resize(first_end);  // the white space after it does not matter
        return read_document(in, std::move(seen), on_item, limits);
    }
    emit_line(std::string_view(seen).substr(first_start, first_end - first_start), first_line, on_item, limits);
    read_lines(sb, std::string(1, static_cast<char>(c)), line, on_item, limits);
    return ImportFormat::Ndjson;
}

std::ifstream open_import_file(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (std::filesystem::is_directory(status)) throw std::runtime_error("\"" + path + "\" is a folder, not a file: name the file to import");
    if (!std::filesystem::exists(status)) throw std::runtime_error("cannot read \"" + path + "\": there is no such file");
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read \"" + path + "\": " + (errno ? std::strerror(errno) : "it cannot be opened"));
    return in;
}

}  // namespace tellus::serve
