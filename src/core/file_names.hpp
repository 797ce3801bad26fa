#pragma once
// Clear names for the files staff download, so a folder of exports reads like a list of reports:
//   tellus-primary-care-visit-2026-11-01-to-2026-11-30.csv   (server export with a date range)
//   tellus-primary-care-visit-north-from-2026-11-01.json      (a site, an open-ended range)
//   tellus-primary-care-visit-device-north-2026-11-23.json     (one device's waiting and held responses)
// Only letters, digits and dashes from the ids reach the name (no path separators, no spaces).
#include <string>

namespace tellus {

// `since`/`until` are dates "YYYY-MM-DD" or empty; `extension` without the dot ("csv", "json").
std::string export_file_name(const std::string& survey_id, const std::string& site, const std::string& since,
                             const std::string& until, const std::string& extension);

// The same for one fixed period ("2026-11", "2026-Q4", "2026"): tellus-primary-care-visit-2026-q4.csv
std::string period_export_file_name(const std::string& survey_id, const std::string& site, const std::string& period,
                                    const std::string& extension);

// The file of responses still on one device, made on `date` ("YYYY-MM-DD").
std::string device_file_name(const std::string& survey_id, const std::string& site, const std::string& date);

// Lower-case letters, digits and single dashes only ("North Clinic #2" -> "north-clinic-2").
std::string file_name_part(const std::string& text);

}  // namespace tellus
