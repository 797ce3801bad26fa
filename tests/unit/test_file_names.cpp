// File names of staff downloads: readable, sortable, and safe on every file system.
#include <doctest/doctest.h>

#include "core/file_names.hpp"

using namespace tellus;

TEST_CASE("a server export names the survey and the date range") {
    CHECK(export_file_name("primary-care-visit", "", "2026-11-01", "2026-11-30", "csv") ==
          "tellus-primary-care-visit-2026-11-01-to-2026-11-30.csv");
    CHECK(export_file_name("primary-care-visit", "north", "2026-11-01", "", "json") == "tellus-primary-care-visit-north-from-2026-11-01.json");
    CHECK(export_file_name("primary-care-visit", "", "", "2026-11-30", "json") == "tellus-primary-care-visit-to-2026-11-30.json");
    CHECK(export_file_name("primary-care-visit", "", "", "", "json") == "tellus-primary-care-visit-all.json");
    CHECK(export_file_name("primary-care-visit", "", "2026-11-01", "2026-11-30", "fhir.json") ==
          "tellus-primary-care-visit-2026-11-01-to-2026-11-30.fhir.json");
    CHECK(export_file_name("s", "", "", "", "../x") == "tellus-s-all.x");
}

TEST_CASE("ids typed by people cannot make a path or a strange name") {
    CHECK(file_name_part("North Clinic #2") == "north-clinic-2");
    CHECK(file_name_part("../../etc/passwd") == "etc-passwd");
    CHECK(file_name_part("Clinique Sainte-Thérèse") == "clinique-sainte-th-r-se");
    CHECK(export_file_name("a/b", "c\\d", "2026-11-01", "2026-11-30", "csv") == "tellus-a-b-c-d-2026-11-01-to-2026-11-30.csv");
}

TEST_CASE("a device's own file names the device's site and the day") {
    CHECK(device_file_name("primary-care-visit", "north", "2026-11-23") == "tellus-primary-care-visit-device-north-2026-11-23.json");
    CHECK(device_file_name("primary-care-visit", "", "2026-11-23") == "tellus-primary-care-visit-device-2026-11-23.json");
}

TEST_CASE("a fixed period's export is named after the period") {
    CHECK(period_export_file_name("primary-care-visit", "", "2026-Q4", "csv") == "tellus-primary-care-visit-2026-q4.csv");
    CHECK(period_export_file_name("primary-care-visit", "North", "2026-11", "fhir.json") == "tellus-primary-care-visit-north-2026-11.fhir.json");
    CHECK(period_export_file_name("primary-care-visit", "", "../../x", "json") == "tellus-primary-care-visit-x.json");
    CHECK(period_export_file_name("primary-care-visit", "", "", "json") == "tellus-primary-care-visit-all.json");
}
