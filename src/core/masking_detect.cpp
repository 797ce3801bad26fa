#include "masking_detect.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>

#include "masking_words.hpp"

namespace tellus::masking {

// [SECTION] Limits: how far any detector looks from the token it starts at. These bounds are what
// make the scan linear: each token is looked at by a fixed number of detectors, each reading a
// fixed number of tokens.
namespace {

constexpr std::size_t kMaxGroups = 8;         // digit groups in a phone or card number
constexpr std::size_t kMaxDigits = 20;        // digits in a phone or card number
constexpr std::size_t kMaxLocalTokens = 64;   // tokens of an email's local part ("ann.lee+x")
constexpr std::size_t kMaxDomainLabels = 16;  // labels of an email's domain
constexpr std::size_t kMaxLabelTokens = 8;    // tokens of one label ("my-clinic-2")
constexpr std::size_t kMaxSpelledDots = 3;    // "lisa dot chen at ..." in a local part
constexpr std::size_t kMaxNameWords = 4;      // "Marie-Ève de la Roche Tremblay" is 3 words and 2 particles
constexpr std::size_t kMaxNameParts = 4;      // "Jean-Pierre", "O'Brien": parts of one word
constexpr std::size_t kMaxParticles = 2;      // "de la" inside a name
constexpr std::size_t kCjkWindow = 6;         // ideographs read after a Chinese opener
constexpr std::size_t kCjkWordWindow = 5;     // ideographs compared with the Chinese word list
constexpr std::size_t kSignatureTokens = 16;  // tokens read back from the end for a signature
constexpr std::size_t kReferenceLookBack = 5; // tokens before a number searched for "invoice"...

constexpr std::uint32_t kContextBits = kCardContext | kPhoneContext | kBirthContext;
constexpr std::array kPriority = {MaskKind::Email, MaskKind::PostalCode, MaskKind::Date,
                                  MaskKind::HealthCard, MaskKind::Phone, MaskKind::Name};

// The value of at most 9 ASCII digits; -1 when longer.
long value_of(std::string_view digits) {
    if (digits.size() > 9) return -1;
    long v = 0;
    for (const char c : digits) v = v * 10 + (c - '0');
    return v;
}
long value_of(const Token& t) { return t.kind != TokenKind::Digits || t.long_key ? -1 : value_of(t.key_view()); }

bool year_ok(long year) { return year >= 1900 && year <= 2099; }

bool valid_date(long year, long month, long day) {
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    (void)year;  // 29 February is accepted for every year: a date of birth is masked, not checked
    return month >= 1 && month <= 12 && day >= 1 && day <= kDays[month - 1];
}

// Ontario health card numbers end with a Luhn (mod 10) check digit.
bool luhn_ok(std::string_view digits) {
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice && (d *= 2) > 9) d -= 9;
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

// A North American number: area code and exchange both start with 2-9.
bool nanp_ok(std::string_view ten) {
    return ten.size() == 10 && ten[0] >= '2' && ten[3] >= '2';
}

struct NumberShape {
    std::size_t first = 0;  // '+', '(' or the first digits
    bool plus = false;
    std::size_t groups = 0;
    std::array<std::uint8_t, kMaxGroups> sizes{};
    std::array<char, kMaxGroups> seps{};  // seps[g]: what came before group g (' ', '-', '.', '/', ')')
    std::array<char, kMaxDigits> digits{};
    std::size_t count = 0;

    std::string_view view() const { return {digits.data(), count}; }
    bool sized(std::initializer_list<int> want) const {
        if (want.size() != groups) return false;
        std::size_t g = 0;
        for (const int w : want)
            if (sizes[g++] != w) return false;
        return true;
    }
};

enum class Style { Lower, Capitalised, AllCaps };

struct NameWord {
    std::size_t first, last;
};

class Detector {
public:
    Detector(const std::vector<Token>& tokens, std::string_view text) : t_(tokens), text_(text), n_(tokens.size()) {}

    std::vector<Span> run() {
        find_sentences();
        for (std::size_t i = 0; i < n_; ++i) scan(i);
        if (auto s = signature()) add(*s);
        return choose();
    }

private:
    // [SECTION] Token access: every index may be past the end.
    bool kind_at(std::size_t i, TokenKind k) const { return i < n_ && t_[i].kind == k; }
    bool word_at(std::size_t i) const { return kind_at(i, TokenKind::Word); }
    bool digits_at(std::size_t i) const { return kind_at(i, TokenKind::Digits); }
    bool space_at(std::size_t i) const { return kind_at(i, TokenKind::Space); }
    bool cjk_at(std::size_t i) const { return kind_at(i, TokenKind::Cjk); }
    bool punct_at(std::size_t i, char c) const { return i < n_ && t_[i].is_punct(c); }
    bool alnum_at(std::size_t i) const { return word_at(i) || digits_at(i); }
    std::uint32_t info_at(std::size_t i) const { return i < n_ ? t_[i].info : 0; }
    bool has(std::size_t i, std::uint32_t bits) const { return (info_at(i) & bits) != 0; }
    bool key_is(std::size_t i, std::string_view key) const { return word_at(i) && t_[i].key_view() == key; }
    bool context(std::size_t i, std::uint32_t bits) const { return (context_[sentence_[i]] & bits) != 0; }

    void add(const Span& s) { candidates_[static_cast<std::size_t>(s.kind)].push_back(s); }

    void scan(std::size_t i) {
        const Token& t = t_[i];
        switch (t.kind) {
            case TokenKind::Punct:
                if (t.punct == '@') try_add(email_at(i));
                if (t.punct == '(' || t.punct == '[') try_add(spelled_email_at(i));
                break;
            case TokenKind::Word:
                if (t.info & kAtWord) try_add(spelled_email_at(i));
                if (t.month) try_add(month_first_date_at(i));
                if (t.info & kFirstDay) try_add(day_first_date_at(i));
                if (t.length == 1) try_add(postal_code_at(i));
                if (!t.long_key && starts_opener(t.key_view())) try_add(name_at(i));
                break;
            case TokenKind::Digits:
                try_add(numeric_date_at(i));
                try_add(day_first_date_at(i));
                try_add(chinese_date_at(i));
                try_add(number_at(i));
                break;
            case TokenKind::Cjk:
                if (chinese_numeral(t.code_point) >= 0) try_add(chinese_date_at(i));
                if (starts_cjk_opener(t.code_point)) try_add(name_at(i));
                break;
            default: break;
        }
    }
    void try_add(const std::optional<Span>& s) {
        if (s) add(*s);
    }

    // [SECTION] Sentences and what they speak of ("card", "call", "born", "电话"...).
    bool ends_sentence(std::size_t i) const {
        const Token& t = t_[i];
        if (t.kind == TokenKind::Break) return true;
        if (t.kind != TokenKind::Punct) return false;
        if (t.punct == '!' || t.punct == '?' || t.punct == ';' || t.punct == kIdeographicStop) return true;
        if (t.punct != '.' || (i + 1 < n_ && !space_at(i + 1) && !kind_at(i + 1, TokenKind::Break))) return false;
        // "Dr. Smith", "Mar. 12", "no. 5", "M. Roy": an abbreviation's period does not end a sentence.
        const bool abbreviation = i > 0 && word_at(i - 1) && (t_[i - 1].length <= 3 || has(i - 1, kTitle) || t_[i - 1].month);
        return !abbreviation;
    }

    void find_sentences() {
        sentence_.resize(n_);
        context_.assign(1, 0);
        for (std::size_t i = 0; i < n_; ++i) {
            sentence_[i] = static_cast<std::uint32_t>(context_.size() - 1);
            context_.back() |= t_[i].info & kContextBits;
            if (ends_sentence(i)) context_.push_back(0);
        }
    }

    // [SECTION] Numbers: boundaries, quantities, references.

    // Nothing glued before a number: not letters ("AB123"), not a longer number ("12-" or "3."), not money.
    bool number_starts_at(std::size_t first) const {
        if (first == 0) return true;
        const Token& p = t_[first - 1];
        if (p.kind == TokenKind::Word || p.kind == TokenKind::Digits) return false;
        if (p.kind != TokenKind::Punct) return true;
        if (p.punct == '$' || p.punct == '@') return false;
        const bool joins = p.punct == '-' || p.punct == '.' || p.punct == '/' || p.punct == ',' || p.punct == ':';
        return !(joins && first >= 2 && digits_at(first - 2));
    }

    // Nothing glued after: not letters, not more digits ("-12", ".5", ",000", ":30"), not "@", "%", "$".
    bool number_ends_at(std::size_t after) const {
        if (after >= n_) return true;
        const Token& a = t_[after];
        if (a.kind == TokenKind::Word || a.kind == TokenKind::Digits) return false;
        if (a.kind != TokenKind::Punct) return true;
        if (a.punct == '@' || a.punct == '%' || a.punct == '$') return false;
        const bool joins = a.punct == '-' || a.punct == '.' || a.punct == '/' || a.punct == ',' || a.punct == ':';
        return !(joins && digits_at(after + 1));
    }

    // "1234567890 seconds", "120,50 $", "20 %", "1234567890秒": a quantity, not a detail.
    bool quantity_after(std::size_t after) const {
        std::size_t j = after;
        if (space_at(j)) ++j;
        if (j >= n_) return false;
        return has(j, kUnit) || punct_at(j, '$') || punct_at(j, '%');
    }

    // "invoice 2024-001-234", "facture no 123", "发票号码...": a reference number.
    bool reference_before(std::size_t first) const {
        for (std::size_t k = 1; k <= kReferenceLookBack && k <= first; ++k) {
            const std::size_t j = first - k;
            if (kind_at(j, TokenKind::Break)) return false;
            if (has(j, kReferenceWord)) return true;
        }
        return false;
    }

    bool version_before(std::size_t first) const {
        for (std::size_t k = 1; k <= 3 && k <= first; ++k)
            if (has(first - k, kVersionWord)) return true;
        return false;
    }

    // A card's 2-letter version code right after its digits: "1234567890AB", "1234-567-890-kl",
    // "1234 567 890 AB" (upper case when apart, so "1234567890 is mine" keeps its "is").
    std::optional<std::size_t> version_code_end(std::size_t after) const {
        const auto is_code = [&](std::size_t j) {
            const Token& w = t_[j];
            return w.kind == TokenKind::Word && w.length == 2 && w.key_size == 2 && !(w.info & kCommon) &&
                   w.key[0] >= 'a' && w.key[0] <= 'z' && w.key[1] >= 'a' && w.key[1] <= 'z' && !alnum_at(j + 1);
        };
        if (word_at(after) && is_code(after)) return after;
        const bool dash = punct_at(after, '-'), space = space_at(after);
        if ((dash || space) && word_at(after + 1) && is_code(after + 1) && (dash || t_[after + 1].all_caps))
            return after + 1;
        return std::nullopt;
    }

    // [SECTION] Health card and phone numbers: digit groups read left to right, each longer
    // prefix classified; the longest that is a detail wins.
    std::optional<Span> number_at(std::size_t i) {
        NumberShape s;
        s.first = i;
        bool in_parens = false;
        if (i > 0 && punct_at(i - 1, '+')) s.plus = true, s.first = i - 1;
        else if (i > 0 && punct_at(i - 1, '(') && punct_at(i + 1, ')')) in_parens = true, s.first = i - 1;  // "(416)"
        if (!number_starts_at(s.first)) return std::nullopt;
        std::optional<Span> best;
        std::size_t g = i;
        char sep = 0;
        for (;;) {
            const Token& d = t_[g];
            if (d.long_key || s.count + d.length > kMaxDigits || s.groups == kMaxGroups) break;
            for (const char c : d.key_view()) s.digits[s.count++] = c;
            s.sizes[s.groups] = static_cast<std::uint8_t>(d.length);
            s.seps[s.groups++] = sep;
            std::size_t after = g + 1;
            if (in_parens) {
                if (!punct_at(after, ')')) break;
                ++after;
                in_parens = false;
            }
            if (auto found = classify_number(s, after)) best = found;
            // The separator before the next group: " ", "-", " - ", ".", "/", " (", ")".
            std::size_t k = after;
            sep = 0;
            if (space_at(k)) {
                ++k, sep = ' ';
                if (punct_at(k, '-')) ++k, sep = '-';
                if (sep == '-' && space_at(k)) ++k;
            } else if (punct_at(k, '-')) {
                ++k, sep = '-';
                if (space_at(k)) ++k;
            } else if (punct_at(k, '.') || punct_at(k, '/')) {
                sep = t_[k].punct, ++k;
            }
            if (punct_at(k, '(')) ++k, in_parens = true;
            if (!digits_at(k)) break;
            if (k == after) sep = ')';  // "(416)555-1234"
            g = k;
        }
        return best;
    }

    std::optional<Span> classify_number(const NumberShape& s, std::size_t after) const {
        const std::string_view d = s.view();
        const std::size_t count = s.count;
        const auto span = [&](std::size_t last, MaskKind kind) { return Span{static_cast<std::uint32_t>(s.first), static_cast<std::uint32_t>(last), kind}; };
        const std::size_t last = after - 1;
        if (count == 10 && !s.plus) {
            if (const auto code = version_code_end(after); code && !quantity_after(*code + 1))
                return span(*code, MaskKind::HealthCard);
        }
        if (!number_ends_at(after) || quantity_after(after)) return std::nullopt;
        const bool card_context = context(s.first, kCardContext), phone_context = context(s.first, kPhoneContext);
        const bool reference = reference_before(s.first);
        const auto phone = span(last, MaskKind::Phone), card = span(last, MaskKind::HealthCard);

        // International: "+44 20 7946 0958", "+1 416 555 0134", "0033 1 23 45 67 89", "011 44 ...".
        if (s.plus) {
            if (d[0] == '1' && count == 11) return nanp_ok(d.substr(1)) ? std::optional(phone) : std::nullopt;
            if (count >= 8 && count <= 15 && d[0] != '0') return phone;
            return std::nullopt;
        }
        if (d.starts_with("00") && count >= 10 && count <= 17 && d[2] != '0') return phone;
        if (d.starts_with("011") && s.sizes[0] == 3 && count >= 11 && count <= 18) return phone;

        const bool nanp_shape = s.sized({3, 3, 4}) || s.sized({3, 7});
        if (count == 10) {
            if (s.sized({4, 3, 3})) {  // the card's printed shape
                if (card_context || (luhn_ok(d) && !reference)) return card;
                if (phone_context && !reference) return phone;
                return std::nullopt;
            }
            if (nanp_shape && nanp_ok(d)) {
                if (card_context && !phone_context) return card;
                if (!reference || phone_context) return phone;
                return std::nullopt;
            }
            if (s.groups == 1) {
                if (card_context && !phone_context) return card;
                if (phone_context) return phone;
                if (reference) return std::nullopt;
                if (luhn_ok(d)) return card;
                if (nanp_ok(d)) return phone;
                return std::nullopt;
            }
            if (card_context && !phone_context) return card;
            if (phone_context || (d[0] == '0' && !reference)) return phone;  // "01 23 45 67 89"
            return std::nullopt;
        }
        // "1-800-555-0110", "1 (416) 555-0199", "1 416 555 0199"
        if (count == 11 && d[0] == '1' && nanp_ok(d.substr(1)) &&
            (s.sized({1, 3, 3, 4}) || s.sized({1, 10}) || s.sized({1, 3, 7}) || s.sized({11})))
            return phone;
        // Chinese mobiles: 13800138000, 138 0013 8000.
        if (count == 11 && d[0] == '1' && d[1] >= '3' && (s.sized({11}) || s.sized({3, 4, 4}) || s.sized({3, 8})))
            return phone;
        if (d[0] == '0' && count == 11 && s.groups >= 2 && !reference) return phone;  // "020 7946 0958"
        // A local number: "555-0175", "555.0175".
        if (count == 7 && s.sized({3, 4}) && (s.seps[1] == '-' || s.seps[1] == '.') && d[0] >= '2' && !reference) return phone;
        if (phone_context && count >= 7 && count <= 15 && !reference) {
            const bool years = s.sized({4, 4}) && year_ok(value_of(d.substr(0, 4))) && year_ok(value_of(d.substr(4, 4)));  // "2020-2024"
            if (!years) return phone;
        }
        return std::nullopt;
    }

    // [SECTION] Dates.

    // "1954-03-12", "12/03/1954", "03-12-54", "12.3.54", "19540312" after "born".
    std::optional<Span> numeric_date_at(std::size_t i) const {
        if (!number_starts_at(i) || version_before(i)) return std::nullopt;
        const Token& a = t_[i];
        const auto span = [&](std::size_t last) { return Span{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(last), MaskKind::Date}; };
        if (a.length == 8 && context(i, kBirthContext) && number_ends_at(i + 1)) {
            const long v = value_of(a);
            if (year_ok(v / 10000) && valid_date(v / 10000, v / 100 % 100, v % 100)) return span(i);
        }
        if (i + 4 >= n_ || !t_[i + 1].is(TokenKind::Punct)) return std::nullopt;
        const char sep = t_[i + 1].punct;
        if ((sep != '-' && sep != '/' && sep != '.') || !digits_at(i + 2) || !punct_at(i + 3, sep) || !digits_at(i + 4))
            return std::nullopt;
        if (!number_ends_at(i + 5) || quantity_after(i + 5)) return std::nullopt;
        const Token &b = t_[i + 2], &c = t_[i + 4];
        const long av = value_of(a), bv = value_of(b), cv = value_of(c);
        if (a.length == 4 && year_ok(av) && b.length <= 2 && c.length <= 2 && valid_date(av, bv, cv)) return span(i + 4);
        const bool year_last = c.length == 2 || (c.length == 4 && year_ok(cv));
        if (a.length <= 2 && b.length <= 2 && year_last && (valid_date(cv, bv, av) || valid_date(cv, av, bv)))
            return span(i + 4);
        return std::nullopt;
    }

    struct Part {
        std::size_t next;  // the token after it
        long value;
    };

    // A day: "12", "12th", "1er", "premier".
    std::optional<Part> day_at(std::size_t j) const {
        if (digits_at(j) && t_[j].length <= 2) {
            const long v = value_of(t_[j]);
            if (v < 1 || v > 31) return std::nullopt;
            return Part{has(j + 1, kOrdinalSuffix) && word_at(j + 1) ? j + 2 : j + 1, v};
        }
        if (has(j, kFirstDay)) return Part{j + 1, 1};
        return std::nullopt;
    }

    // A month's name: "March", "mars", "Mar.", "déc.".
    std::optional<Part> month_at(std::size_t j) const {
        if (!word_at(j) || !t_[j].month) return std::nullopt;
        return Part{punct_at(j + 1, '.') ? j + 2 : j + 1, t_[j].month};
    }

    // A year: "1954", "'54", and "54" when the sentence speaks of a birth or a comma sets it apart.
    std::optional<Part> year_at(std::size_t j, bool two_digits) const {
        std::optional<Part> year;
        if (digits_at(j) && t_[j].length == 4 && year_ok(value_of(t_[j]))) year = Part{j + 1, value_of(t_[j])};
        else if (digits_at(j) && t_[j].length == 2 && two_digits) year = Part{j + 1, 1900 + value_of(t_[j])};
        else if (punct_at(j, '\'') && digits_at(j + 1) && t_[j + 1].length == 2) year = Part{j + 2, 1900 + value_of(t_[j + 1])};
        if (!year || !number_ends_at(year->next) || quantity_after(year->next)) return std::nullopt;
        return year;
    }

    // After the day and month: ",", " ", ", " then the year.
    std::optional<Part> year_after(std::size_t j, std::size_t start) const {
        const bool comma = punct_at(j, ',');
        if (comma) ++j;
        if (space_at(j)) ++j;
        else if (!comma) return std::nullopt;
        return year_at(j, comma || context(start, kBirthContext));
    }

    // "March 12, 1954", "Mar. 12th '54", "June the 3rd 1938".
    std::optional<Span> month_first_date_at(std::size_t m) const {
        const auto month = month_at(m);
        if (!month || !space_at(month->next)) return std::nullopt;
        std::size_t j = month->next + 1;
        if (has(j, kTheWord) && space_at(j + 1)) j += 2;
        const auto day = day_at(j);
        if (!day || (digits_at(j) && !number_starts_at(j))) return std::nullopt;
        const auto year = year_after(day->next, m);
        if (!year || !valid_date(year->value, month->value, day->value)) return std::nullopt;
        return Span{static_cast<std::uint32_t>(m), static_cast<std::uint32_t>(year->next - 1), MaskKind::Date};
    }

    // "12 March 1954", "12th of March, 1954", "1er avril 1960", "3 déc. 1954", "12-Mar-1954".
    std::optional<Span> day_first_date_at(std::size_t d) const {
        if (digits_at(d) && !number_starts_at(d)) return std::nullopt;
        const auto day = day_at(d);
        if (!day) return std::nullopt;
        std::size_t j = day->next;
        std::optional<Part> month, year;
        if (space_at(j)) {
            ++j;
            if (has(j, kOfWord) && space_at(j + 1)) j += 2;
            month = month_at(j);
            if (month) year = year_after(month->next, d);
        } else if (t_.size() > j + 3 && t_[j].is(TokenKind::Punct) && (t_[j].punct == '-' || t_[j].punct == '/' || t_[j].punct == '.')) {
            const char sep = t_[j].punct;
            if (word_at(j + 1) && t_[j + 1].month && punct_at(j + 2, sep)) {
                month = Part{j + 2, t_[j + 1].month};
                year = year_at(j + 3, true);
            }
        }
        if (!month || !year || !valid_date(year->value, month->value, day->value)) return std::nullopt;
        return Span{static_cast<std::uint32_t>(d), static_cast<std::uint32_t>(year->next - 1), MaskKind::Date};
    }

    // A number in a Chinese date: digits, or Chinese numerals ("一九五四", "十二").
    std::optional<Part> cjk_number_at(std::size_t j, bool year) const {
        if (digits_at(j)) {
            const long v = value_of(t_[j]);
            if (year && t_[j].length == 4) return Part{j + 1, v};
            if (year && t_[j].length == 2) return Part{j + 1, 1900 + v};
            if (!year && t_[j].length <= 2) return Part{j + 1, v};
            return std::nullopt;
        }
        std::array<int, 4> n{};
        std::size_t count = 0;
        while (count < n.size() && cjk_at(j + count) && chinese_numeral(t_[j + count].code_point) >= 0)
            n[count] = chinese_numeral(t_[j + count].code_point), ++count;
        if (count == 0) return std::nullopt;
        if (year) {  // each numeral a digit: 一九五四
            if ((count != 4 && count != 2) || std::find(n.begin(), n.begin() + count, 10) != n.begin() + count) return std::nullopt;
            long v = 0;
            for (std::size_t k = 0; k < count; ++k) v = v * 10 + n[k];
            return Part{j + count, count == 2 ? 1900 + v : v};
        }
        // 三, 十, 十二, 二十, 二十三
        if (count == 1) return n[0] == 0 ? std::nullopt : std::optional(Part{j + 1, n[0]});
        if (count == 2 && n[0] == 10 && n[1] < 10) return Part{j + 2, 10 + n[1]};
        if (count == 2 && n[1] == 10 && n[0] < 10) return Part{j + 2, n[0] * 10};
        if (count == 3 && n[1] == 10 && n[0] < 10 && n[2] < 10) return Part{j + 3, n[0] * 10 + n[2]};
        return std::nullopt;
    }

    std::size_t skip_space(std::size_t j) const { return space_at(j) ? j + 1 : j; }
    bool ideograph_at(std::size_t j, char32_t c) const { return cjk_at(j) && t_[j].code_point == c; }

    // "1954年3月12日", "１９５４年３月１２日", "1988年12月3号", "一九五四年三月十二日".
    std::optional<Span> chinese_date_at(std::size_t i) const {
        if (digits_at(i) ? !number_starts_at(i) : (i > 0 && cjk_at(i - 1) && chinese_numeral(t_[i - 1].code_point) >= 0))
            return std::nullopt;
        const auto year = cjk_number_at(i, true);
        if (!year) return std::nullopt;
        std::size_t j = skip_space(year->next);
        if (!ideograph_at(j, U'年')) return std::nullopt;
        const auto month = cjk_number_at(skip_space(j + 1), false);
        if (!month) return std::nullopt;
        j = skip_space(month->next);
        if (!ideograph_at(j, U'月')) return std::nullopt;
        const auto day = cjk_number_at(skip_space(j + 1), false);
        if (!day) return std::nullopt;
        j = skip_space(day->next);
        if (!ideograph_at(j, U'日') && !ideograph_at(j, U'号') && !ideograph_at(j, U'號')) return std::nullopt;
        if (!valid_date(year->value, month->value, day->value)) return std::nullopt;
        return Span{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), MaskKind::Date};
    }

    // [SECTION] Postal codes: "K1A 0B1", "k1a0b1", "K1A-0B1".
    std::optional<Span> postal_code_at(std::size_t i) const {
        const auto letter = [&](std::size_t j, std::string_view allowed) {
            return word_at(j) && t_[j].length == 1 && t_[j].key_size == 1 && allowed.find(t_[j].key[0]) != std::string_view::npos;
        };
        const auto digit = [&](std::size_t j) { return digits_at(j) && t_[j].length == 1; };
        constexpr std::string_view kFirst = "abceghjklmnprstvxy", kOther = "abceghjklmnprstvwxyz";
        if ((i > 0 && alnum_at(i - 1)) || !letter(i, kFirst) || !digit(i + 1) || !letter(i + 2, kOther)) return std::nullopt;
        std::size_t k = i + 3;
        if (space_at(k) || punct_at(k, '-')) ++k;
        if (!digit(k) || !letter(k + 1, kOther) || !digit(k + 2) || alnum_at(k + 3)) return std::nullopt;
        return Span{static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(k + 2), MaskKind::PostalCode};
    }

    // [SECTION] Emails.

    // One label of a domain: "example", "my-clinic", "163".
    std::optional<std::size_t> label_end(std::size_t j) const {
        if (!alnum_at(j)) return std::nullopt;
        std::size_t k = j;
        for (std::size_t parts = 1; parts < kMaxLabelTokens && (punct_at(k + 1, '-') || alnum_at(k + 1)); ++parts) {
            if (alnum_at(k + 1)) ++k;  // "abc123": a word and digits
            else if (alnum_at(k + 2)) k += 2;
            else break;
        }
        return k;
    }

    // " dot ", " (dot) ", " [dot] ", or "." between two labels: the token after it, if any.
    std::optional<std::size_t> dot_after(std::size_t k, bool& spelled) const {
        if (punct_at(k, '.') && alnum_at(k + 1)) return k + 1;
        std::size_t p = skip_space(k);
        if (has(p, kDotWord) && word_at(p)) ++p;
        else if ((punct_at(p, '(') || punct_at(p, '[')) && has(p + 1, kDotWord) && (punct_at(p + 2, ')') || punct_at(p + 2, ']'))) p += 3;
        else return std::nullopt;
        p = skip_space(p);
        if (!alnum_at(p)) return std::nullopt;
        spelled = true;
        return p;
    }

    struct Domain {
        std::size_t last = 0, labels = 0;
        bool spelled = false, tld_letters = false, tld_known = false, provider = false;
    };

    std::optional<Domain> domain_at(std::size_t j) const {
        auto end = label_end(j);
        if (!end) return std::nullopt;
        Domain d;
        d.labels = 1;
        d.provider = *end == j && has(j, kMailProvider);
        std::size_t label_first = j;
        for (; d.labels < kMaxDomainLabels; ++d.labels) {
            bool spelled = false;
            const auto next = dot_after(*end + 1, spelled);
            if (!next) break;
            const auto next_end = label_end(*next);
            if (!next_end) break;
            d.spelled |= spelled;
            label_first = *next;
            end = next_end;
        }
        d.last = *end;
        d.tld_letters = label_first == *end && word_at(*end) && t_[*end].length >= 2;
        d.tld_known = d.tld_letters && has(*end, kTopLevelDomain);
        return d;
    }

    // The local part ending at token `last` ("ann.lee+clinic"): its first token.
    std::size_t local_first(std::size_t last) const {
        std::size_t first = last;
        for (std::size_t steps = 0; first > 0 && steps < kMaxLocalTokens; ++steps) {
            const std::size_t p = first - 1;
            if (alnum_at(p)) {
                first = p;
                continue;
            }
            const Token& q = t_[p];
            const bool joins = q.kind == TokenKind::Punct && (q.punct == '.' || q.punct == '_' || q.punct == '-' || q.punct == '+' || q.punct == '%');
            if (!joins || p == 0 || !alnum_at(p - 1)) break;
            first = p - 1;
        }
        return first;
    }

    // "ann@example.com", "wei＠example.com", "tom @ example.org", "ann@gmail".
    std::optional<Span> email_at(std::size_t at) const {
        if (at == 0) return std::nullopt;
        bool spaced = false;
        std::size_t local_last = at - 1;
        if (space_at(local_last) && local_last > 0) --local_last, spaced = true;
        if (!alnum_at(local_last)) return std::nullopt;
        std::size_t domain_first = at + 1;
        if (space_at(domain_first)) ++domain_first, spaced = true;
        const auto domain = domain_at(domain_first);
        if (!domain) return std::nullopt;
        const bool ok = spaced ? domain->labels >= 2 && domain->tld_known
                               : (domain->labels >= 2 && domain->tld_letters) || (domain->labels == 1 && domain->provider);
        if (!ok) return std::nullopt;
        return Span{static_cast<std::uint32_t>(local_first(local_last)), static_cast<std::uint32_t>(domain->last), MaskKind::Email};
    }

    // "ann at example dot com", "ann (at) example (dot) com", "luc arobase example point com",
    // "lisa dot chen at gmail dot com".
    std::optional<Span> spelled_email_at(std::size_t a) const {
        std::size_t at_last = a;
        if (t_[a].is(TokenKind::Punct)) {
            if (!has(a + 1, kAtWord) || !(punct_at(a + 2, ')') || punct_at(a + 2, ']'))) return std::nullopt;
            at_last = a + 2;
        }
        if (a < 2 || !space_at(a - 1) || !alnum_at(a - 2) || !space_at(at_last + 1)) return std::nullopt;
        std::size_t first = local_first(a - 2);
        for (std::size_t dots = 0; dots < kMaxSpelledDots && first >= 4; ++dots) {
            const std::size_t dot = first - 2;  // "lisa dot chen": space, "dot", space before "chen"
            if (!space_at(first - 1) || !has(dot, kDotWord) || !word_at(dot) || !space_at(dot - 1) || !alnum_at(dot - 2)) break;
            first = local_first(dot - 2);
        }
        const auto domain = domain_at(at_last + 2);
        if (!domain || domain->labels < 2 || !domain->tld_known) return std::nullopt;
        return Span{static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(domain->last), MaskKind::Email};
    }

    // [SECTION] Names.

    std::optional<std::size_t> word_opener_end(std::size_t i, const NameOpener& o) const {
        std::size_t j = i;
        for (std::size_t k = 0; k < o.words.size(); ++k) {
            if (!word_at(j) || t_[j].long_key || t_[j].key_view() != o.words[k]) return std::nullopt;
            ++j;
            if (k + 1 == o.words.size()) break;
            j = skip_space(j);  // "I'm", "I m", "my name's", "je m'appelle", "je m’ appelle"
            if (punct_at(j, '\'')) j = skip_space(j + 1);
        }
        return j;
    }

    std::optional<std::size_t> cjk_opener_end(std::size_t i, const NameOpener& o) const {
        for (std::size_t k = 0; k < o.cjk.size(); ++k)
            if (!ideograph_at(i + k, o.cjk[k])) return std::nullopt;
        return i + o.cjk.size();
    }

    std::optional<Span> name_at(std::size_t i) const {
        std::optional<Span> best;
        std::size_t best_opener = 0;
        for (const NameOpener& o : name_openers()) {
            const auto end = o.words.empty() ? (cjk_at(i) ? cjk_opener_end(i, o) : std::nullopt) : word_opener_end(i, o);
            if (!end || *end - i <= best_opener) continue;
            if (auto name = name_after(*end, o)) best = name, best_opener = *end - i;
        }
        return best;
    }

    std::optional<Span> name_after(std::size_t j, const NameOpener& o) const {
        j = skip_space(j);
        if (o.needs_colon) {
            if (!punct_at(j, ':')) return std::nullopt;
            j = skip_space(j + 1);
        } else if (punct_at(j, ':') || punct_at(j, '-')) {
            j = skip_space(j + 1);
        }
        if (cjk_at(j)) return chinese_name_at(j, o);
        return latin_name_at(j, o.ambiguous);
    }

    // "Dr.", "Dr", "Mrs.", "Madame", "M." (capital M and a period): the token after its space.
    std::optional<std::size_t> title_at(std::size_t k) const {
        if (!word_at(k)) return std::nullopt;
        std::size_t next = k + 1;
        if (has(k, kTitle)) {
            if (punct_at(next, '.')) ++next;
        } else if (key_is(k, "m") && t_[k].capitalised && punct_at(next, '.')) {
            ++next;
        } else {
            return std::nullopt;
        }
        if (!space_at(next)) return std::nullopt;
        return next + 1;
    }

    // One word of a name, with its hyphens and apostrophes: "Jean-Pierre", "O'Brien" (not "Smith's").
    std::optional<NameWord> name_word_at(std::size_t k) const {
        if (!word_at(k)) return std::nullopt;
        std::size_t last = k;
        for (std::size_t parts = 1; parts < kMaxNameParts; ++parts) {
            const bool joined = (punct_at(last + 1, '-') || punct_at(last + 1, '\'')) && word_at(last + 2);
            if (!joined || (punct_at(last + 1, '\'') && key_is(last + 2, "s"))) break;
            last += 2;
        }
        return NameWord{k, last};
    }

    static Style style_of(const Token& w) { return w.all_caps ? Style::AllCaps : w.capitalised ? Style::Capitalised : Style::Lower; }

    bool common(const Token& w) const { return !w.long_key && (w.info & kCommon); }

    // "waiting", "worried": a capitalised verb form after "I'm" is not a name.
    static bool verb_form(const Token& w) {
        const std::string_view k = w.key_view();
        return !(w.info & kGivenName) && w.length >= 6 && (k.ends_with("ing") || k.ends_with("ed"));
    }

    // What looks like a name where a name is not sure to follow ("I'm ...", "this is ...").
    bool looks_like_name(const Token& w) const {
        return (w.info & kGivenName) || (w.capitalised && !w.all_caps && !common(w) && !verb_form(w));
    }

    std::optional<Span> latin_name_at(std::size_t k, bool ambiguous) const {
        const std::size_t start = k;
        const auto after_title = title_at(k);
        if (after_title) k = *after_title;
        const auto first = name_word_at(k);
        if (!first) return std::nullopt;
        const Token& w = t_[first->first];
        const bool ok = after_title ? (!common(w) || w.capitalised) : ambiguous ? looks_like_name(w) : !common(w) || (w.info & kGivenName);
        if (!ok) return std::nullopt;
        const bool strict = ambiguous || after_title;
        const Style style = style_of(w);
        std::size_t last = first->last;
        for (std::size_t words = 1; words < kMaxNameWords && space_at(last + 1);) {
            std::size_t p = last + 2;
            for (std::size_t particles = 0; particles < kMaxParticles && has(p, kNameParticle) && word_at(p) && space_at(p + 1); ++particles) p += 2;
            const auto next = name_word_at(p);
            if (!next) break;
            const Token& nw = t_[next->first];
            if (common(nw) || (strict && style_of(nw) != style)) break;
            last = next->last;
            ++words;
        }
        return Span{static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(last), MaskKind::Name};
    }

    // "我叫李明", "我是王芳，", "我是陈医生，", "我叫欧阳娜娜", "我姓王".
    std::optional<Span> chinese_name_at(std::size_t k, const NameOpener& o) const {
        std::array<char32_t, kCjkWindow> b{};
        std::size_t n = 0;
        while (n < kCjkWindow && cjk_at(k + n)) b[n] = t_[k + n].code_point, ++n;
        const auto span = [&](std::size_t length) { return Span{static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k + length - 1), MaskKind::Name}; };
        const auto ends_phrase = [&](std::size_t length) { return !cjk_at(k + length); };  // nothing Chinese follows
        const auto no_enders = [&](std::size_t from, std::size_t to) {
            for (std::size_t q = from; q < to; ++q)
                if (ends_chinese_name(b[q])) return false;
            return true;
        };
        const std::size_t s = n >= 2 && is_compound_surname(b[0], b[1]) ? 2 : is_chinese_surname(b[0]) ? 1 : 0;
        if (o.surname_only) return s ? std::optional(span(s)) : std::nullopt;
        for (std::size_t p = s; s && p <= s + 2 && p < n && no_enders(s, p); ++p) {  // 王医生, 李明先生
            const std::size_t title = chinese_title_at(std::u32string_view(b.data() + p, n - p));
            if (title && (!o.ambiguous || ends_phrase(p + title))) return span(p + title);
        }
        if (o.ambiguous) {  // 我是 + surname + one or two characters, then punctuation or the end
            if (!s) return std::nullopt;
            for (const std::size_t given : {2, 1})
                if (s + given <= n && no_enders(s, s + given) && ends_phrase(s + given)) return span(s + given);
            return std::nullopt;
        }
        if (s) {
            std::size_t given = std::min<std::size_t>(2, n - s);
            if (given == 2 && ends_chinese_name(b[s + 1])) given = 1;
            if (given >= 1 && ends_chinese_name(b[s])) given = 0;
            return span(s + given);
        }
        std::size_t length = 0;
        while (length < std::min<std::size_t>(3, n) && !ends_chinese_name(b[length])) ++length;
        return length ? std::optional(span(length)) : std::nullopt;
    }

    // A signature ending the comment: "Thanks,\nAnn Lee", "- Margaret O'Neil", "Cordialement,
    // Ginette Lavoie", "... for nothing. Gary Mitchell". Read back from the end, once.
    std::optional<Span> signature() const {
        std::size_t z = n_;
        for (std::size_t k = 0; k < 8 && z > 0; ++k, --z) {
            const Token& t = t_[z - 1];
            if (!(t.is(TokenKind::Space) || t.is(TokenKind::Break) || t.is_punct('.') || t.is_punct('!'))) break;
        }
        if (z == 0 || !word_at(z - 1)) return std::nullopt;
        std::size_t s = z - 1;
        for (std::size_t k = 0;; ++k) {  // back over words, spaces between words, hyphens and apostrophes inside
            if (k == kSignatureTokens) return std::nullopt;
            if (s == 0) return std::nullopt;  // the whole comment: nothing says it is signed
            const std::size_t p = s - 1;
            const bool inside = (punct_at(p, '-') || punct_at(p, '\'')) && p > 0 && word_at(p - 1);
            if (!(word_at(p) || (space_at(p) && p > 0 && word_at(p - 1)) || inside)) break;
            s = p;
        }
        std::size_t words = 0, last = s;
        for (std::size_t k = s; k < z && words < 3;) {
            const auto word = name_word_at(k);
            if (!word || !looks_like_name(t_[k])) return std::nullopt;
            last = word->last, ++words;
            if (last + 1 == z || !space_at(last + 1)) break;
            k = last + 2;
        }
        if (words == 0 || last + 1 != z) return std::nullopt;
        // What comes before: a line break, a dash at the start of a line, "Thanks," or a sentence's end.
        std::size_t p = s - 1;
        if (space_at(p) && p > 0) --p;
        const Token& before = t_[p];
        bool ok = false;
        if (before.is(TokenKind::Break)) ok = true;
        else if (before.is_punct('-')) ok = p == 0 || kind_at(p - 1, TokenKind::Break) || (space_at(p - 1) && (p == 1 || kind_at(p - 2, TokenKind::Break)));
        else if (before.is_punct(',')) ok = p > 0 && (has(p - 1, kClosing) || (key_is(p - 1, "you") && p >= 3 && has(p - 3, kClosing)) || (space_at(p - 1) && p > 1 && has(p - 2, kClosing)));
        else if (before.is_punct('.') || before.is_punct('!')) ok = words >= 2 && ends_sentence(p);
        if (!ok) return std::nullopt;
        return Span{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(last), MaskKind::Name};
    }

    // [SECTION] Choosing: by kind in priority order, leftmost first, never overlapping, never a
    // span shorter than the fewest characters its marker counts for.
    std::vector<Span> choose() {
        std::vector<char> taken(n_, 0);
        std::vector<Span> chosen;
        for (const MaskKind kind : kPriority) {
            for (const Span& s : candidates_[static_cast<std::size_t>(kind)]) {
                bool free = true;
                for (std::size_t k = s.first; k <= s.last && free; ++k) free = !taken[k] && !t_[k].is(TokenKind::Marker);
                const std::string_view typed = text_.substr(t_[s.first].begin, t_[s.last].end - t_[s.first].begin);
                if (!free || count_code_points(typed) < min_source_chars(kind)) continue;
                std::fill(taken.begin() + s.first, taken.begin() + s.last + 1, 1);
                chosen.push_back(s);
            }
        }
        std::sort(chosen.begin(), chosen.end(), [](const Span& a, const Span& b) { return a.first < b.first; });
        return chosen;
    }

    const std::vector<Token>& t_;
    std::string_view text_;
    std::size_t n_;
    std::vector<std::uint32_t> sentence_;  // sentence of each token
    std::vector<std::uint32_t> context_;   // kContextBits of each sentence
    std::array<std::vector<Span>, kMaskKindCount> candidates_;
};

}  // namespace

void annotate(std::vector<Token>& tokens) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        Token& t = tokens[i];
        if (t.kind == TokenKind::Word && !t.long_key) {
            const WordEntry e = look_up_word(t.key_view());
            t.info = e.info;
            t.month = e.month;
        } else if (t.kind == TokenKind::Cjk) {
            std::array<char32_t, kCjkWordWindow> window{};
            std::size_t size = 0;
            for (std::size_t k = i; k < tokens.size() && size < kCjkWordWindow && tokens[k].kind == TokenKind::Cjk; ++k)
                window[size++] = tokens[k].code_point;
            t.info = cjk_word_at(std::u32string_view(window.data(), size)).info;
        }
    }
}

std::vector<Span> find_details(const std::vector<Token>& tokens, std::string_view text) {
    return Detector(tokens, text).run();
}

}  // namespace tellus::masking
