#pragma once
// Inside the masking engine (masking.hpp): the marker texts of every i18n catalog, compiled in.
// The table is generated at build time from i18n/*.json by masking_markers.cmake (core reads no
// file at run time, and runs in the browser too).
#include <cstddef>
#include <string_view>

#include "masking.hpp"

namespace tellus::masking {

struct MarkerCatalog {
    std::string_view language;               // the catalog's file name: "en", "fr", "zh"
    std::string_view texts[kMaskKindCount];  // in MaskKind order; empty when the catalog lacks the key
};

extern const MarkerCatalog kMarkerCatalogs[];
extern const std::size_t kMarkerCatalogCount;

}  // namespace tellus::masking
