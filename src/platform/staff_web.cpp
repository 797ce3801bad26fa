// Browser implementation of staff.hpp. Each EM_JS body is a one-line hand-off to
// window.TellusStaff (shell/tellus-staff.js).
#include <emscripten.h>

#include <cstdlib>
#include <map>

#include "platform.hpp"
#include "staff.hpp"

extern "C" void tellus_sync_online(int online);  // sync_web.cpp: "online" means "try at once"

namespace tellus::platform {
namespace {
int remember(std::function<void(int, std::string)> done) { return remember_call(std::move(done)); }

std::string take(char* value) {
    std::string result(value ? value : "");
    std::free(value);
    return result;
}
}  // namespace

EM_JS(int, js_url_asks_for_staff, (), { return TellusStaff.urlAsksForStaff() ? 1 : 0; });
EM_JS(void, js_clear_staff_url, (), { TellusStaff.clearStaffUrl(); });
EM_JS(void, js_staff_request, (int id, const char* method, const char* url, const char* bearer, const char* body), {
    TellusStaff.request(id, UTF8ToString(method), UTF8ToString(url), UTF8ToString(bearer), UTF8ToString(body));
});
EM_JS(void, js_hold_session, (const char* url, const char* bearer), { TellusStaff.holdSession(UTF8ToString(url), UTF8ToString(bearer)); });
EM_JS(void, js_staff_download, (int id, const char* url, const char* token, const char* name), {
    TellusStaff.download(id, UTF8ToString(url), UTF8ToString(token), UTF8ToString(name));
});
EM_JS(void, js_save_file, (const char* name, const char* mime, const char* content), {
    TellusStaff.saveFile(UTF8ToString(name), UTF8ToString(mime), UTF8ToString(content));
});
EM_JS(void, js_open_page, (const char* url), { window.open(UTF8ToString(url), "_blank"); });
EM_JS(char*, js_local_date, (), { return stringToNewUTF8(TellusStaff.localDate()); });

bool url_asks_for_staff() { return js_url_asks_for_staff() != 0; }
void clear_staff_url() { js_clear_staff_url(); }
void staff_request(const std::string& method, const std::string& url, const std::string& bearer, const std::string& body,
                   std::function<void(int, std::string)> done) {
    js_staff_request(remember(std::move(done)), method.c_str(), url.c_str(), bearer.c_str(), body.c_str());
}

void hold_staff_session(const std::string& end_url, const std::string& bearer) { js_hold_session(end_url.c_str(), bearer.c_str()); }

void staff_download(const std::string& url, const std::string& token, const std::string& file_name, std::function<void(int)> done) {
    const int id = remember([done = std::move(done)](int status, std::string) { done(status); });
    js_staff_download(id, url.c_str(), token.c_str(), file_name.c_str());
}

void save_file(const std::string& file_name, const std::string& mime_type, const std::string& content) {
    js_save_file(file_name.c_str(), mime_type.c_str(), content.c_str());
}

void sync_now() { tellus_sync_online(1); }

void open_page(const std::string& url) { js_open_page(url.c_str()); }

std::string local_date_today() { return take(js_local_date()); }

}  // namespace tellus::platform
