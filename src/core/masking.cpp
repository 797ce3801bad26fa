#include "masking.hpp"

#include <regex>

namespace tellus {

const std::vector<MaskMarker>& mask_markers() {
    static const std::vector<MaskMarker> markers = {
        {MaskKind::HealthCard, "[health card number removed]", 10},  // 10 digits
        {MaskKind::Phone, "[phone number removed]", 8},              // 555-1234
        {MaskKind::Email, "[email removed]", 6},                     // a@b.ca
        {MaskKind::Date, "[date removed]", 6},                       // 1/2/54
        {MaskKind::Name, "[name removed]", 1},                       // "my name is J": the J
    };
    return markers;
}

const char* mask_marker(MaskKind kind) {
    for (const auto& m : mask_markers())
        if (m.kind == kind) return m.marker;
    return "[removed]";
}

namespace {

// Month names, English and French, full and abbreviated (matched case-insensitively).
constexpr const char* kMonths =
    "(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|"
    "janvier|f\xC3\xA9vrier|fevrier|mars|avril|mai|juin|juillet|ao\xC3\xBBt|aout|septembre|octobre|novembre|"
    "d\xC3\xA9" "cembre|decembre|janv|f\xC3\xA9vr|fevr|avr|juil|d\xC3\xA9" "c)";
constexpr const char* kYear = "(?:19|20)\\d{2}";
constexpr const char* kDay = "(?:0?[1-9]|[12]\\d|3[01])";

struct Rule {
    MaskKind kind;
    std::regex pattern;
};

const std::vector<Rule>& rules() {
    using std::regex;
    const auto flags = regex::ECMAScript | regex::optimize;
    const std::string months = kMonths, year = kYear, day = kDay;
    // Order matters: emails and dates before the digit runs inside them could be taken for phones.
    static const std::vector<Rule> list = {
        {MaskKind::Email, regex(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})", flags)},
        // "my name is Ann Lee" / "je m'appelle Hélène Roy": the capitalised words after the phrase.
        {MaskKind::Name, regex("(?:[Mm]y name is|[Mm]y name's|[Jj]e m'appelle|[Jj]e m\xE2\x80\x99" "appelle|[Mm]on nom est)"
                               "((?:\\s+(?:[A-Z]|\xC3[\x80-\x9E])[^\\s,.;:!?()]*){1,3})",
                               flags)},
        // Written dates with a year: "March 12, 1954", "Mar. 12th 1954", "12 March 1954", "le 1er mars 1954".
        {MaskKind::Date, regex("\\b" + months + "\\.?\\s+(?:the\\s+)?" + day + "(?:st|nd|rd|th)?,?\\s+" + year + "\\b",
                               flags | regex::icase)},
        {MaskKind::Date, regex("\\b" + day + "(?:st|nd|rd|th|er)?\\s+(?:of\\s+)?" + months + "\\.?,?\\s+" + year + "\\b",
                               flags | regex::icase)},
        // Numeric dates: 1954-03-12, 1954/3/12, 12/03/1954, 03-12-1954, 12.03.1954, 12/03/54.
        {MaskKind::Date, regex("\\b" + year + "([-/.])(?:0?[1-9]|1[0-2])\\1" + day + "\\b", flags)},
        {MaskKind::Date, regex("\\b" + day + "([-/.])" + day + "\\1" + year + "\\b", flags)},
        {MaskKind::Date, regex("\\b" + day + "/" + day + "/\\d{2}\\b", flags)},
        // Ontario health card: 10 digits, 4-3-3 with one kind of separator, optional version code.
        {MaskKind::HealthCard, regex(R"(\b\d{4}([- ]?)\d{3}\1\d{3}(?:[- ]?[A-Z]{2}\b|[a-z]{2}\b)?\b)", flags)},
        // Phones: optional +1 / 1, area code (in brackets or not), 3 + 4 digits; or local 555-1234.
        {MaskKind::Phone, regex(R"((?:\+1[-. ]?(?:\(\d{3}\)\s?|\d{3}[-. ]?)|(?:\b1[-. ])?(?:\(\d{3}\)\s?|\b\d{3}[-. ]?))\d{3}[-. ]?\d{4}\b)", flags)},
        {MaskKind::Phone, regex(R"(\b\d{3}[-.]\d{4}\b)", flags)},
    };
    return list;
}

}  // namespace

MaskResult mask_personal_details(const std::string& text) {
    MaskResult result{text, {}};
    if (text.find_first_of("0123456789@") == std::string::npos && text.find("nom") == std::string::npos &&
        text.find("name") == std::string::npos && text.find("appelle") == std::string::npos)
        return result;  // nothing any rule could match: the common case, kept cheap
    for (const auto& rule : rules()) {
        std::string out;
        auto begin = std::sregex_iterator(result.text.begin(), result.text.end(), rule.pattern);
        const std::sregex_iterator end;
        if (begin == end) continue;
        size_t copied = 0;
        for (auto it = begin; it != end; ++it) {
            const auto& m = *it;
            size_t from = static_cast<size_t>(m.position(0));
            const size_t to = from + static_cast<size_t>(m.length(0));
            std::string replacement = mask_marker(rule.kind);
            if (rule.kind == MaskKind::Name) {
                // Keep "my name is", mask only the name itself.
                from = static_cast<size_t>(m.position(1));
                replacement = " " + replacement;
            }
            out.append(result.text, copied, from - copied);
            out += replacement;
            copied = to;
            result.found.push_back(rule.kind);
        }
        out.append(result.text, copied, std::string::npos);
        result.text = std::move(out);
    }
    return result;
}

size_t characters_for_limit(const std::string& text) {
    size_t count = 0;
    for (size_t i = 0; i < text.size();) {
        size_t counted = 0;
        if (text[i] == '[') {
            for (const auto& m : mask_markers()) {
                const std::string_view mv(m.marker);
                if (text.compare(i, mv.size(), mv) == 0) {
                    i += mv.size();
                    counted = m.min_source_chars;
                    break;
                }
            }
        }
        if (counted == 0) {
            ++i;  // one UTF-8 sequence: its lead byte and continuation bytes
            while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
            counted = 1;
        }
        count += counted;
    }
    return count;
}

namespace {
template <typename Get>
int mask_text_questions(const Survey& survey, Get get) {
    int masked = 0;
    for (const auto& q : survey.questions) {
        if (q.type != QuestionType::Text) continue;
        nlohmann::json* value = get(q.id);
        if (!value || !value->is_string()) continue;
        MaskResult r = mask_personal_details(value->get<std::string>());
        if (r.found.empty()) continue;
        masked += static_cast<int>(r.found.size());
        *value = std::move(r.text);
    }
    return masked;
}
}  // namespace

int mask_free_text_answers(const Survey& survey, nlohmann::json& answers) {
    if (!answers.is_object()) return 0;
    return mask_text_questions(survey, [&](const std::string& id) -> nlohmann::json* {
        auto it = answers.find(id);
        return it == answers.end() ? nullptr : &*it;
    });
}

int mask_free_text_answers(const Survey& survey, std::map<std::string, nlohmann::json>& answers) {
    return mask_text_questions(survey, [&](const std::string& id) -> nlohmann::json* {
        auto it = answers.find(id);
        return it == answers.end() ? nullptr : &it->second;
    });
}

}  // namespace tellus
