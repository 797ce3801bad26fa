// Browser implementation of platform.hpp. Each EM_JS body is a one-line hand-off to
// window.TellusWeb (shell/tellus-web.js), where the DOM work lives.
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>

#include "platform.hpp"
#include "web_state.hpp"

namespace tellus::platform {

EM_JS(void, js_fetch, (int id, const char* url), { TellusWeb.fetchText(id, UTF8ToString(url)); });
EM_JS(void, js_fetch_cached, (int id, const char* url), { TellusWeb.fetchCached(id, UTF8ToString(url)); });
EM_JS(void, js_call_soon, (int id, int status, const char* body), { TellusWeb.callSoon(id, status, UTF8ToString(body)); });
EM_JS(char*, js_url_parameter, (const char* name), {
    const value = new URLSearchParams(location.search).get(UTF8ToString(name)) || "";
    return stringToNewUTF8(value);
});
EM_JS(void, js_publish_twins, (const char* json), { TellusWeb.publishTwins(UTF8ToString(json)); });
EM_JS(void, js_set_document_language, (const char* lang, const char* title), {
    document.documentElement.lang = UTF8ToString(lang);
    document.title = UTF8ToString(title);
});

namespace {
std::string take_js_string(char* value) {
    std::string result(value);
    free(value);
    return result;
}
}  // namespace

int remember_call(FetchDone done) {
    auto& calls = platform_state().calls;
    const int id = calls.next_id++;
    calls.pending[id] = std::move(done);
    return id;
}

void call_soon(FetchDone done, int status, std::string body) { js_call_soon(remember_call(std::move(done)), status, body.c_str()); }

void fetch(const std::string& url, FetchDone done) { js_fetch(remember_call(std::move(done)), url.c_str()); }

void fetch_cached(const std::string& url, FetchDone done) { js_fetch_cached(remember_call(std::move(done)), url.c_str()); }

std::string url_parameter(const std::string& name) { return take_js_string(js_url_parameter(name.c_str())); }

void publish_twins(const std::string& layer_json) { js_publish_twins(layer_json.c_str()); }

void set_document_language(const std::string& lang, const std::string& title) {
    js_set_document_language(lang.c_str(), title.c_str());
}

EM_JS(void, js_start_failed, (const char* why), { TellusWeb.startFailed(UTF8ToString(why)); });
void report_start_failure(const char* why) { js_start_failed(why); }

EM_JS(void, js_mark, (const char* moment), { TellusWeb.mark(UTF8ToString(moment)); });
void mark(const char* moment) { js_mark(moment); }

double now_ms() { return emscripten_get_now(); }

EM_JS(void, js_wake_after, (double ms), { TellusWeb.wakeAfter(ms); });

void request_frames(int count) {
    int& owed = platform_state().frames_owed;
    owed = std::max(owed, count);
    emscripten_resume_main_loop();
}

bool take_frame() {
    int& owed = platform_state().frames_owed;
    if (owed <= 0) {
        // Nothing to draw: stop the loop entirely until input, a timer or a result wakes it.
        emscripten_pause_main_loop();
        return false;
    }
    --owed;
    return true;
}

void wake_after(double ms) { js_wake_after(ms); }

EM_JS(int, js_speech_available, (const char* lang), { return TellusWeb.speechAvailable(UTF8ToString(lang)) ? 1 : 0; });
EM_JS(void, js_speak, (const char* text, const char* lang), { TellusWeb.speak(UTF8ToString(text), UTF8ToString(lang)); });
EM_JS(void, js_stop_speaking, (), { TellusWeb.stopSpeaking(); });
EM_JS(int, js_is_speaking, (), { return TellusWeb.isSpeaking() ? 1 : 0; });
bool speech_available(const std::string& lang) { return js_speech_available(lang.c_str()) != 0; }
void speak(const std::string& text, const std::string& lang) { js_speak(text.c_str(), lang.c_str()); }
void stop_speaking() { js_stop_speaking(); }
bool is_speaking() { return js_is_speaking() != 0; }

EM_JS(void, js_reload_if_updated, (), { TellusWeb.reloadIfUpdated(); });
void reload_if_updated() { js_reload_if_updated(); }

}  // namespace tellus::platform

// Called by tellus-web.js and tellus-staff.js when a call of the registry ends.
extern "C" EMSCRIPTEN_KEEPALIVE void tellus_done(int id, int status, const char* body, int length) {
    auto& pending = tellus::platform::platform_state().calls.pending;
    auto it = pending.find(id);
    if (it == pending.end()) return;
    auto done = std::move(it->second);
    pending.erase(it);
    done(status, std::string(body, static_cast<size_t>(length)));
    tellus::platform::request_frames();
}
