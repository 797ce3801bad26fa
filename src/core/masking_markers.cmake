# Writes OUTPUT, the C++ table of masking markers (core/masking_markers.hpp), from every catalog in
# CATALOG_DIR (i18n/*.json): the texts of the keys mask.<kind>, for each language. Run at build
# time by src/core/CMakeLists.txt whenever a catalog changes:
#   cmake -DCATALOG_DIR=i18n -DOUTPUT=masking_markers_table.cpp -P masking_markers.cmake
# English must have every key (it is the fallback); every marker starts with "[" and ends with "]"
# (characters_for_limit finds markers by their "[").
set(kinds health_card phone email date postal_code name)  # the order of MaskKind (masking.hpp)

file(GLOB catalogs "${CATALOG_DIR}/*.json")
list(SORT catalogs)
set(rows "")
set(have_english FALSE)
foreach(catalog IN LISTS catalogs)
  get_filename_component(language "${catalog}" NAME_WE)
  file(READ "${catalog}" json)
  set(texts "")
  foreach(kind IN LISTS kinds)
    string(JSON text ERROR_VARIABLE missing GET "${json}" "mask.${kind}")
    if(missing)
      if(language STREQUAL "en")
        message(FATAL_ERROR "${catalog}: the key \"mask.${kind}\" is missing (English is every marker's fallback)")
      endif()
      set(text "")
    elseif(NOT text MATCHES "^\\[.*\\]$" OR text MATCHES "^\\[.*\\[")
      message(FATAL_ERROR "${catalog}: \"mask.${kind}\" must start with \"[\", end with \"]\" and hold no other \"[\": ${text}")
    endif()
    string(REPLACE "\\" "\\\\" text "${text}")
    string(REPLACE "\"" "\\\"" text "${text}")
    string(APPEND texts " \"${text}\",")
  endforeach()
  if(language STREQUAL "en")
    set(have_english TRUE)
  endif()
  string(APPEND rows "    {\"${language}\", {${texts}}},\n")
endforeach()
if(NOT have_english)
  message(FATAL_ERROR "${CATALOG_DIR}: no en.json, the masking markers' fallback")
endif()
list(LENGTH catalogs count)

set(content "// Generated at build time by src/core/masking_markers.cmake from i18n/*.json: do not edit.
#include \"core/masking_markers.hpp\"

namespace tellus::masking {

const MarkerCatalog kMarkerCatalogs[] = {
${rows}};
const std::size_t kMarkerCatalogCount = ${count};

}  // namespace tellus::masking
")
file(WRITE "${OUTPUT}.new" "${content}")
file(COPY_FILE "${OUTPUT}.new" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.new")
