#include "file_names.hpp"

namespace tellus {

std::string file_name_part(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
        else if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

namespace {
std::string base(const std::string& survey_id, const std::string& site) {
    std::string name = "tellus";
    for (const auto& part : {file_name_part(survey_id), file_name_part(site)})
        if (!part.empty()) name += "-" + part;
    return name;
}

// "csv", "json", "fhir.json": letters, digits and inner dots only.
std::string clean_extension(const std::string& extension) {
    std::string ext;
    for (unsigned char c : extension)
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '.' && !ext.empty() && ext.back() != '.')) ext += static_cast<char>(c);
    while (!ext.empty() && ext.back() == '.') ext.pop_back();
    return ext;
}
}  // namespace

std::string export_file_name(const std::string& survey_id, const std::string& site, const std::string& since,
                             const std::string& until, const std::string& extension) {
    std::string name = base(survey_id, site);
    const std::string from = file_name_part(since), to = file_name_part(until);
    if (!from.empty() && !to.empty()) name += "-" + from + "-to-" + to;
    else if (!from.empty()) name += "-from-" + from;
    else if (!to.empty()) name += "-to-" + to;
    else name += "-all";
    return name + "." + clean_extension(extension);
}

std::string period_export_file_name(const std::string& survey_id, const std::string& site, const std::string& period,
                                    const std::string& extension) {
    const std::string part = file_name_part(period);
    return base(survey_id, site) + "-" + (part.empty() ? "all" : part) + "." + clean_extension(extension);
}

std::string device_file_name(const std::string& survey_id, const std::string& site, const std::string& date) {
    std::string name = "tellus-" + file_name_part(survey_id) + "-device";
    if (const std::string s = file_name_part(site); !s.empty()) name += "-" + s;
    if (const std::string d = file_name_part(date); !d.empty()) name += "-" + d;
    return name + ".json";
}

}  // namespace tellus
