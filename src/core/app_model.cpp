#include "app_model.hpp"

#include <algorithm>
#include <cmath>

#include "builtin_catalog.hpp"
#include "masking.hpp"
#include "response.hpp"

namespace tellus {

const std::vector<std::string>& app_languages() {
    static const std::vector<std::string> languages = builtin_language_list();
    return languages;
}

const Catalog& builtin_english() {
    static const Catalog english = [] {
        Catalog catalog;
        std::string error;
        catalog.load(builtin_english_catalog_json(), error);  // checked by unit.app_model
        return catalog;
    }();
    return english;
}

namespace {

// The compiled-in list: codes only; names, directions and reviews come with each catalog.
std::vector<LanguageInfo> builtin_language_infos() {
    std::vector<LanguageInfo> list;
    for (const auto& code : app_languages()) list.push_back({code, "", default_direction(code), false});
    return list;
}

}  // namespace

AppModel::AppModel(AppHost& host, AppConfig config) : host_(host), config_(std::move(config)), languages_(builtin_language_infos()) {
    // Any well-formed code for now: whether the server has that language is known once its list is in.
    if (!is_language_code(config_.start_language)) config_.start_language = "en";
    language_ = config_.start_language;
}

// [SECTION] Loading

void AppModel::start() { load(); }

void AppModel::load() {
    ++generation_;
    const int generation = generation_;
    survey_stage_ = SurveyStage::Network;
    problem_ = {};
    load_started_ms_ = host_.now_ms();
    go(Screen::Loading);
    // The list, and meanwhile the catalogs already known to be wanted (the list adds the rest).
    // Both come from the server that holds the survey (api_base), which serves its catalog folder.
    list_stage_ = ListStage::Network;
    catalogs_asked_.clear();
    host_.fetch(languages_url(), [this, generation](int status, std::string body) { on_language_list(generation, status, body); });
    ask_catalog(config_.start_language);
    host_.fetch(config_.api_base + "api/v1/surveys/" + config_.survey_id,
                [this, generation](int status, std::string body) { on_survey(generation, status, body); });
    host_.wake_after(kQuietStartMs);  // the quiet start's end (hold_first_frame)
    host_.wake_after(kLoadTimeoutMs);
    set_language(language_);
}

// English is built in and fetched too: a clinic's correction of it reaches the app as well.
void AppModel::ask_catalog(const std::string& lang) {
    if (catalogs_.count(lang) || !is_language_code(lang) || !catalogs_asked_.insert(lang).second) return;
    const int generation = generation_;
    host_.fetch(catalog_url(lang), [this, generation, lang](int status, std::string body) { on_catalog(generation, lang, status, body); });
}

void AppModel::on_catalog(int generation, const std::string& lang, int status, const std::string& body) {
    if (generation != generation_) return;
    const auto before = available_languages();
    Catalog catalog;
    std::string error;
    // A catalog that fails (a portal's page, a broken file) is left out: that language falls back
    // to English rather than showing raw keys. One with gaps shows English in them.
    if (status == 200 && catalog.load(body, error)) {
        catalog.fill_from(builtin_english());
        catalogs_[lang] = std::move(catalog);
    }
    if (lang == language_) set_language(language_);
    languages_changed(before);
    if (lang == chosen_before_catalog_) take_chosen_language();
    finish_loading_if_ready();
}

// Which catalogs to fetch now that the list is known: every one while the screen shows a line in
// each, or when the names come only from catalogs (the compiled-in list), or on a kiosk (which
// must offer every language offline); else only the start language's, and each one when chosen.
void AppModel::ask_listed_catalogs() {
    const bool all = !list_from_server_ || languages_.size() <= kLanguagesInOneColumn || config_.mode == Mode::Kiosk;
    if (!all) return ask_catalog(language_);
    for (const auto& l : languages_) ask_catalog(l.code);
}

void AppModel::on_language_list(int generation, int status, const std::string& body) {
    if (generation != generation_ || list_stage_ != ListStage::Network) return;
    if (status == 200) {
        if (auto list = parse_language_list(body)) return take_language_list(std::move(*list), true);
    }
    language_list_from_device();  // no answer, an error, or a portal's page
}

// The device's last good copy of the server's list (the service worker keeps one), else the
// compiled-in list: the language screen is never empty.
void AppModel::language_list_from_device() {
    list_stage_ = ListStage::Cache;
    const int generation = generation_;
    host_.fetch_cached(languages_url(), [this, generation](int status, std::string body) {
        if (generation != generation_ || list_stage_ != ListStage::Cache) return;
        if (status == 200) {
            if (auto list = parse_language_list(body)) return take_language_list(std::move(*list), true);
        }
        take_language_list(builtin_language_infos(), false);
    });
}

void AppModel::take_language_list(std::vector<LanguageInfo> list, bool from_server) {
    const auto before = available_languages();
    // English is built in: always offered, always first.
    auto english = std::find_if(list.begin(), list.end(), [](const LanguageInfo& l) { return l.code == "en"; });
    if (english == list.end()) list.insert(list.begin(), LanguageInfo{"en", "", "ltr", false});
    else std::rotate(list.begin(), english, english + 1);
    languages_ = std::move(list);
    list_from_server_ = from_server;
    list_stage_ = ListStage::Done;
    ask_listed_catalogs();
    // A start language (?lang=) this server does not offer starts in English.
    if (!listed(config_.start_language)) config_.start_language = "en";
    if (!listed(language_)) set_language("en");
    languages_changed(before);
    finish_loading_if_ready();
}

// The buttons of the language screen moved: a tap aimed at one must not land on another.
void AppModel::languages_changed(const std::vector<std::string>& before) {
    if ((screen_ == Screen::Language || picker_open_) && available_languages() != before) screen_changed_ms_ = host_.now_ms();
}

const LanguageInfo* AppModel::listed(const std::string& code) const {
    for (const auto& l : languages_)
        if (l.code == code) return &l;
    return nullptr;
}

void AppModel::on_survey(int generation, int status, const std::string& body) {
    if (generation != generation_ || survey_stage_ != SurveyStage::Network) return;
    LoadProblem problem;
    if (status == 0) {
        problem.kind = LoadProblem::Kind::NoAnswer;
    } else if (status != 200) {
        problem.kind = LoadProblem::Kind::HttpStatus;
        problem.status = status;
    } else if (take_survey(body, problem)) {
        return;
    }
    fall_back_to_cached_copy(std::move(problem));
}

bool AppModel::take_survey(const std::string& body, LoadProblem& problem) {
    auto load = load_survey(body, "survey \"" + config_.survey_id + "\"");
    if (load.ok()) {
        survey_ = std::move(load.survey);
        survey_stage_ = SurveyStage::Done;
        finish_loading_if_ready();
        return true;
    }
    const size_t first = body.find_first_not_of(" \t\r\n");
    problem.kind = first != std::string::npos && body[first] == '{' ? LoadProblem::Kind::Invalid : LoadProblem::Kind::NotJson;
    problem.details = std::move(load.errors);
    return false;
}

// The network's answer is no good (or none came): the device's last good copy, if it has one, is.
void AppModel::fall_back_to_cached_copy(LoadProblem problem) {
    survey_stage_ = SurveyStage::Cache;
    const int generation = generation_;
    host_.fetch_cached(config_.api_base + "api/v1/surveys/" + config_.survey_id,
                       [this, generation, problem](int status, std::string body) {
                           if (generation != generation_ || survey_stage_ != SurveyStage::Cache) return;
                           LoadProblem ignored;
                           if (status == 200 && take_survey(body, ignored)) return;
                           survey_failed(problem);  // the network's problem is the one staff need to hear
                       });
}

void AppModel::survey_failed(LoadProblem problem) {
    survey_stage_ = SurveyStage::Done;
    problem_ = std::move(problem);
    survey_.reset();
    finish_loading_if_ready();
}

void AppModel::finish_loading_if_ready() {
    if (screen_ != Screen::Loading || survey_stage_ != SurveyStage::Done || list_stage_ != ListStage::Done) return;
    // The survey and the list of languages are all a patient needs; a catalog still on its way
    // shows English until it comes.
    go(first_screen());
}

Screen AppModel::first_screen() const {
    if (!survey_) return Screen::Problem;
    return config_.language_from_url ? Screen::Welcome : Screen::Language;
}

bool AppModel::retry() {
    if (screen_ != Screen::Problem || !guard()) return false;
    load();
    return true;
}

std::vector<std::string> AppModel::problem_details() const {
    const std::string source = "survey \"" + config_.survey_id + "\"";
    switch (problem_.kind) {
        case LoadProblem::Kind::None: return {};
        case LoadProblem::Kind::NoAnswer: return {source + " could not be fetched: the server did not answer"};
        case LoadProblem::Kind::TimedOut: return {source + " could not be fetched: no answer within 10 seconds"};
        case LoadProblem::Kind::HttpStatus: return {source + " could not be fetched: the server answered " + std::to_string(problem_.status)};
        case LoadProblem::Kind::NotJson:
            return {source + " is not JSON (a Wi-Fi sign-in page, or a proxy's answer, came instead)"};
        case LoadProblem::Kind::Invalid: return problem_.details;
    }
    return {};
}

// [SECTION] Language

std::vector<std::string> AppModel::available_languages() const {
    std::vector<std::string> out;
    // The server's list names each language, so its button needs no catalog; the compiled-in list
    // does not, so there only the languages whose catalog came are offered.
    for (const auto& l : languages_)
        if (l.code == "en" || catalogs_.count(l.code) || (list_from_server_ && !l.name.empty())) out.push_back(l.code);
    return out;
}

std::string AppModel::language_name(const std::string& code) const {
    const Catalog* catalog = catalogs_.count(code) ? &catalogs_.at(code) : code == "en" ? &builtin_english() : nullptr;
    if (catalog) {
        if (auto name = describe_catalog(code, *catalog).name; !name.empty()) return name;
    }
    if (const LanguageInfo* l = listed(code); l && !l->name.empty()) return l->name;
    return code;
}

std::string AppModel::direction_of(const std::string& code) const {
    if (auto it = catalogs_.find(code); it != catalogs_.end()) return describe_catalog(code, it->second).direction;
    return "ltr";  // English is shown until the catalog comes
}

bool AppModel::language_reviewed(const std::string& code) const {
    if (auto it = catalogs_.find(code); it != catalogs_.end()) return describe_catalog(code, it->second).reviewed;
    if (code == "en") return describe_catalog(code, builtin_english()).reviewed;
    const LanguageInfo* l = listed(code);
    return l && l->reviewed;
}

std::vector<std::string> AppModel::unreviewed_language_names() const {
    std::vector<std::string> names;
    // Those whose review is known: English, those whose catalog came, and all of the server's list.
    for (const auto& l : languages_)
        if ((l.code == "en" || catalogs_.count(l.code) || list_from_server_) && !language_reviewed(l.code))
            names.push_back(language_name(l.code));
    return names;
}

const Catalog& AppModel::catalog_for(const std::string& lang) const {
    if (auto it = catalogs_.find(lang); it != catalogs_.end()) return it->second;
    return builtin_english();
}

void AppModel::set_language(const std::string& lang) {
    language_ = lang;
    host_.set_document_language(catalogs_.count(lang) || lang == "en" ? lang : "en", tr("app.title"));
    ++screen_serial_;  // re-announce the screen in the new language
}

bool AppModel::choose_language(const std::string& lang) {
    const auto langs = available_languages();
    if (std::find(langs.begin(), langs.end(), lang) == langs.end()) return false;
    if (!picker_open_ && screen_ != Screen::Language) return false;
    if (!chosen_before_catalog_.empty() || !guard()) return false;  // one choice at a time
    chosen_before_catalog_ = lang;
    chosen_at_ms_ = host_.now_ms();
    if (lang != "en" && !catalogs_.count(lang)) {
        catalogs_asked_.erase(lang);  // asked before and failed: ask again
        ask_catalog(lang);
        arm_next_wake();  // on in English words after kLoadTimeoutMs, even untouched
        return true;
    }
    take_chosen_language();
    return true;
}

void AppModel::take_chosen_language() {
    const std::string lang = std::exchange(chosen_before_catalog_, {});
    if (picker_open_) {
        picker_open_ = false;
        set_language(lang);  // answers so far are kept
        screen_changed_ms_ = host_.now_ms();
    } else if (screen_ == Screen::Language) {
        set_language(lang);
        go(Screen::Welcome);
    }
}

bool AppModel::open_language_picker() {
    if (screen_ == Screen::Loading || screen_ == Screen::Language || screen_ == Screen::Staff || picker_open_ || !guard()) return false;
    picker_open_ = true;
    screen_changed_ms_ = host_.now_ms();
    ++screen_serial_;
    return true;
}

void AppModel::close_language_picker() {
    if (!picker_open_) return;
    picker_open_ = false;
    screen_changed_ms_ = host_.now_ms();
    ++screen_serial_;
}

std::string AppModel::response_locale() const {
    if (language_ == "fr") return "fr-CA";
    if (language_ == "en") return "en-CA";
    return language_;
}

// [SECTION] The survey

void AppModel::go(Screen screen) {
    screen_ = screen;
    picker_open_ = false;
    screen_changed_ms_ = host_.now_ms();
    ++screen_serial_;
}

bool AppModel::guard() const { return host_.now_ms() - screen_changed_ms_ >= kTapGuardMs; }

bool AppModel::start_survey() {
    if (screen_ != Screen::Welcome || !survey_ || !guard()) return false;
    session_ = std::make_unique<SurveySession>(*survey_);
    // The id is made now, once: however often Send is pressed, this survey is one response.
    response_id_ = host_.random_uuid();
    started_at_ = host_.now_iso8601();
    save_failed_ = false;
    go(Screen::Question);
    return true;
}

const Question* AppModel::current_question() const {
    return screen_ == Screen::Question && session_ ? session_->current() : nullptr;
}

bool AppModel::on_last_question() const {
    return session_ && session_->position() + 1 >= session_->visible_questions().size();
}

bool AppModel::choose(const std::string& option_id) {
    const Question* q = current_question();
    if (!q || sending_ || picker_open_ || !guard()) return false;
    const bool known = std::any_of(q->options.begin(), q->options.end(), [&](const Option& o) { return o.id == option_id; });
    if (!known) return false;
    if (q->type == QuestionType::Multiple) {
        session_->toggle_choice(q->id, option_id);
        return true;
    }
    const Answer* given = session_->answer(q->id);
    // Tapping the chosen answer again un-answers it: skipping stays possible.
    if (given && given->is_string() && given->get<std::string>() == option_id) session_->clear_answer(q->id);
    else session_->set_answer(q->id, option_id);
    return true;
}

bool AppModel::choose_number(int value) {
    const Question* q = current_question();
    if (!q || q->type != QuestionType::Scale || value < q->min || value > q->max || sending_ || picker_open_ || !guard()) return false;
    const Answer* given = session_->answer(q->id);
    if (given && given->is_number_integer() && given->get<int>() == value) session_->clear_answer(q->id);
    else session_->set_answer(q->id, value);
    return true;
}

bool AppModel::set_text(const std::string& text) {
    const Question* q = current_question();
    if (!q || q->type != QuestionType::Text || sending_) return false;  // typing is never a tap: no guard
    std::string value = text;
    // Keep whole characters only, up to the question's limit (the box limits too; this is the rule).
    size_t chars = 0, at = 0;
    for (; at < value.size(); ++at) {
        if ((static_cast<unsigned char>(value[at]) & 0xC0) != 0x80 && chars++ == static_cast<size_t>(q->max_length)) break;
    }
    value.resize(at);
    if (value.empty()) session_->clear_answer(q->id);
    else session_->set_answer(q->id, value);
    return true;
}

bool AppModel::next() {
    if (!current_question() || on_last_question() || sending_ || picker_open_ || !guard()) return false;
    session_->next();
    go(Screen::Question);  // a new question is a new screen: the tap guard applies to it
    return true;
}

bool AppModel::back() {
    if (!current_question() || session_->position() == 0 || sending_ || picker_open_ || !guard()) return false;
    session_->back();
    go(Screen::Question);
    return true;
}

bool AppModel::send() {
    if (!current_question() || !on_last_question() || sending_ || picker_open_ || !guard()) return false;
    Response response;
    response.id = response_id_;
    response.survey_id = survey_->id;
    response.survey_version = survey_->version;
    response.locale = response_locale();
    response.channel = config_.mode == Mode::Kiosk ? "kiosk" : "phone";
    response.site = config_.site;
    response.started_at = started_at_;
    response.submitted_at = host_.now_iso8601();
    response.answers = session_->answers();
    mask_free_text_answers(*survey_, response.answers, language_);  // comment safety: masking.hpp (the server masks too)
    sending_ = true;
    sending_since_ms_ = host_.now_ms();
    host_.wake_after(kSaveTimeoutMs);
    // "Thank you" only once the device has confirmed the write: nothing is lost if the tab dies now.
    const std::string id = response_id_;
    host_.save_response(id, response.to_json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                        [this, id](bool saved) {
                            if (sending_ && id == response_id_) finish_sending(saved);
                        });
    return true;
}

void AppModel::finish_sending(bool saved) {
    // If the device refused to store it, the sync engine still holds it in memory and sends it
    // while this page is open; the patient is told plainly, and never asked to send again.
    sending_ = false;
    save_failed_ = !saved;
    session_.reset();
    response_id_.clear();
    go(Screen::Thanks);
}

bool AppModel::start_again() {
    if (screen_ != Screen::Thanks || !guard()) return false;
    reset_for_next_person();
    return true;
}

// [SECTION] Tools

void AppModel::cycle_text_size() { text_size_ = (text_size_ + 1) % kTextSizeCount; }
void AppModel::toggle_contrast() { high_contrast_ = !high_contrast_; }

std::string AppModel::option_label(const Question& q, const Option& o) const {
    if (!o.label.empty()) return o.label.in(language_);
    if (q.type == QuestionType::Faces) return tr("faces." + o.id);
    return tr("choice." + o.id);
}

std::string AppModel::spoken_text(const Question& q) const {
    std::string text = q.text.in(language_);
    for (const auto& o : q.options) text += "\n" + option_label(q, o) + ".";
    if (q.type == QuestionType::Scale)
        text += "\n" + std::to_string(q.min) + ": " + q.min_label.in(language_) + ". " + std::to_string(q.max) + ": " +
                q.max_label.in(language_) + ".";
    return text;
}

void AppModel::speak_question() {
    const Question* q = current_question();
    if (!q || !host_.speech_available(language_)) return;
    if (host_.is_speaking()) host_.stop_speaking();
    else host_.speak(spoken_text(*q), language_);
}

// [SECTION] Staff and the kiosk's life between people

void AppModel::enter_staff() {
    if (screen_ != Screen::Language && screen_ != Screen::Welcome && screen_ != Screen::Problem) return;
    still_there_since_ms_ = -1;
    go(Screen::Staff);
}

void AppModel::leave_staff() {
    if (screen_ == Screen::Staff) reset_for_next_person();
}

void AppModel::reset_for_next_person() {
    // Nothing of the previous person may remain: answers, position, language, text size, contrast.
    session_.reset();
    response_id_.clear();
    started_at_.clear();
    sending_ = false;
    save_failed_ = false;
    text_size_ = 0;
    high_contrast_ = false;
    still_there_since_ms_ = -1;
    last_activity_ms_ = host_.now_ms();
    set_language(config_.start_language);
    go(survey_ ? Screen::Language : Screen::Problem);
    host_.stop_speaking();
    host_.reload_if_updated();
}

void AppModel::activity() {
    last_activity_ms_ = host_.now_ms();
    still_there_since_ms_ = -1;
}

bool AppModel::still_here() {
    if (!asking_still_there()) return false;
    activity();
    return true;
}

int AppModel::countdown_seconds() const {
    if (!asking_still_there()) return 0;
    const double left = kCountdownMs - (host_.now_ms() - still_there_since_ms_);
    return std::max(0, static_cast<int>(std::ceil(left / 1000.0)));
}

void AppModel::tick() {
    const double now = host_.now_ms();
    if (list_stage_ == ListStage::Network && now - load_started_ms_ >= kLoadTimeoutMs) language_list_from_device();
    if (survey_stage_ == SurveyStage::Network && now - load_started_ms_ >= kLoadTimeoutMs) {
        // A late answer is ignored: the device's copy, or the problem screen with a retry, instead.
        fall_back_to_cached_copy({LoadProblem::Kind::TimedOut});
    }
    if (sending_ && now - sending_since_ms_ >= kSaveTimeoutMs) finish_sending(false);
    // A chosen language whose catalog never came: on with English words rather than waiting.
    if (!chosen_before_catalog_.empty() && now - chosen_at_ms_ >= kLoadTimeoutMs) take_chosen_language();
    update_kiosk_timer(now);
    // The host keeps one timer, the earliest asked for: every tick asks again for the next.
    arm_next_wake();
}

bool AppModel::kiosk_timer_running() const {
    // Staff mode keeps its own idle limit (staff_sign_in.hpp) and never asks "Are you still there?":
    // whoever answers that on a kiosk may be the next patient, not the staff member.
    const bool patient_in_progress = screen_ == Screen::Welcome || screen_ == Screen::Question || screen_ == Screen::Thanks;
    return config_.mode == Mode::Kiosk && patient_in_progress && !sending_;
}

void AppModel::update_kiosk_timer(double now) {
    if (!kiosk_timer_running()) {
        still_there_since_ms_ = -1;
        return;
    }
    if (still_there_since_ms_ < 0 && now - last_activity_ms_ >= config_.idle_before_asking_ms) {
        still_there_since_ms_ = now;
        ++screen_serial_;
    }
    if (still_there_since_ms_ >= 0 && now - still_there_since_ms_ >= kCountdownMs) reset_for_next_person();
}

bool AppModel::hold_first_frame() {
    if (first_screen_drawn_) return false;
    if (quiet_start_pending() && host_.now_ms() - load_started_ms_ < kQuietStartMs) return true;
    first_screen_drawn_ = true;
    return false;
}

bool AppModel::due() const {
    const double now = host_.now_ms();
    if (quiet_start_pending() && now - load_started_ms_ >= kQuietStartMs) return true;
    const bool loading = list_stage_ == ListStage::Network || survey_stage_ == SurveyStage::Network;
    if (loading && now - load_started_ms_ >= kLoadTimeoutMs) return true;
    if (sending_ && now - sending_since_ms_ >= kSaveTimeoutMs) return true;
    if (!chosen_before_catalog_.empty() && now - chosen_at_ms_ >= kLoadTimeoutMs) return true;
    if (!kiosk_timer_running()) return false;
    return still_there_since_ms_ >= 0 || now - last_activity_ms_ >= config_.idle_before_asking_ms;  // the countdown ticks each second
}

void AppModel::arm_next_wake() {
    const double now = host_.now_ms();
    double next = -1;
    const auto consider = [&](double at) { next = next < 0 ? at : std::min(next, at); };
    if (quiet_start_pending() && now < load_started_ms_ + kQuietStartMs) consider(load_started_ms_ + kQuietStartMs);
    if (list_stage_ == ListStage::Network || survey_stage_ == SurveyStage::Network) consider(load_started_ms_ + kLoadTimeoutMs);
    if (sending_) consider(sending_since_ms_ + kSaveTimeoutMs);
    if (!chosen_before_catalog_.empty()) consider(chosen_at_ms_ + kLoadTimeoutMs);
    // Come back when the next deadline passes, even if nobody touches the screen; once a second
    // while the countdown shows.
    if (kiosk_timer_running())
        consider(still_there_since_ms_ >= 0 ? now + 1000.0 - std::fmod(now - still_there_since_ms_, 1000.0)
                                            : last_activity_ms_ + config_.idle_before_asking_ms);
    if (next >= 0) host_.wake_after(std::max(50.0, next - now));
}

}  // namespace tellus
