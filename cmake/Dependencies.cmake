# Every third-party dependency is located here, once. All come from Debian packages installed
# by scripts/setup.sh (or from a checkout you name with the variables below).

set(TELLUS_CACHE_DIR "$ENV{TELLUS_CACHE}" CACHE PATH "Folder where scripts/setup.sh keeps sources and builds")
if(NOT TELLUS_CACHE_DIR)
  set(TELLUS_CACHE_DIR "$ENV{HOME}/.cache/tellus" CACHE PATH "" FORCE)
endif()
include("${TELLUS_CACHE_DIR}/paths.cmake" OPTIONAL)

# Header-only libraries live in /usr/include. Emscripten must not see all of /usr/include (glibc
# headers would clash with its libc), so each gets a folder of its own holding just a link to it.
function(tellus_header_only name header_dir)
  set(link_root "${CMAKE_BINARY_DIR}/deps/${name}")
  get_filename_component(leaf "${header_dir}" NAME)
  if(NOT EXISTS "${header_dir}")
    message(FATAL_ERROR "${name} headers not found at ${header_dir}: run scripts/setup.sh")
  endif()
  file(MAKE_DIRECTORY "${link_root}")
  file(CREATE_LINK "${header_dir}" "${link_root}/${leaf}" SYMBOLIC)
  add_library(tellus_dep_${name} INTERFACE)
  target_include_directories(tellus_dep_${name} SYSTEM INTERFACE "${link_root}")
endfunction()

# nlohmann/json: JSON for surveys, catalogs, responses and the API (app and server alike).
set(TELLUS_JSON_INCLUDE "/usr/include/nlohmann" CACHE PATH "nlohmann/json headers")
tellus_header_only(json "${TELLUS_JSON_INCLUDE}")

if(EMSCRIPTEN)
  # Dear ImGui: the immediate-mode UI, compiled from source with the SDL2 + WebGL backends.
  set(TELLUS_IMGUI_DIR "" CACHE PATH "Dear ImGui source checkout")
  if(NOT EXISTS "${TELLUS_IMGUI_DIR}/imgui.cpp")
    message(FATAL_ERROR "Dear ImGui sources not found (TELLUS_IMGUI_DIR='${TELLUS_IMGUI_DIR}'): run scripts/setup.sh")
  endif()
  # SDL2: window, input and the WebGL context; built for wasm by setup.sh (emscripten ports cannot download here).
  set(TELLUS_SDL2_WASM_PREFIX "" CACHE PATH "SDL2 installed for Emscripten")
  if(NOT EXISTS "${TELLUS_SDL2_WASM_PREFIX}/lib/libSDL2.a")
    message(FATAL_ERROR "SDL2 for WebAssembly not found (TELLUS_SDL2_WASM_PREFIX='${TELLUS_SDL2_WASM_PREFIX}'): run scripts/setup.sh")
  endif()
  add_library(tellus_dep_sdl2 INTERFACE)
  target_include_directories(tellus_dep_sdl2 SYSTEM INTERFACE "${TELLUS_SDL2_WASM_PREFIX}/include/SDL2")
  target_link_libraries(tellus_dep_sdl2 INTERFACE "${TELLUS_SDL2_WASM_PREFIX}/lib/libSDL2.a")

  add_library(tellus_dep_imgui STATIC
    ${TELLUS_IMGUI_DIR}/imgui.cpp ${TELLUS_IMGUI_DIR}/imgui_draw.cpp ${TELLUS_IMGUI_DIR}/imgui_tables.cpp
    ${TELLUS_IMGUI_DIR}/imgui_widgets.cpp ${TELLUS_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp
    ${TELLUS_IMGUI_DIR}/backends/imgui_impl_sdl.cpp ${TELLUS_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
  target_include_directories(tellus_dep_imgui SYSTEM PUBLIC ${TELLUS_IMGUI_DIR} ${TELLUS_IMGUI_DIR}/backends ${TELLUS_IMGUI_DIR}/misc/cpp)
  # No demo window, no settings file, no obsolete API: smaller wasm, nothing written in a kiosk.
  target_compile_definitions(tellus_dep_imgui PUBLIC IMGUI_DISABLE_DEMO_WINDOWS IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                                                     IMGUI_DISABLE_DEFAULT_FONT IMGUI_DISABLE_FILE_FUNCTIONS)
  target_link_libraries(tellus_dep_imgui PUBLIC tellus_dep_sdl2)
else()
  # doctest: unit tests that double as documentation; header-only.
  set(TELLUS_DOCTEST_INCLUDE "/usr/include/doctest" CACHE PATH "doctest headers")
  tellus_header_only(doctest "${TELLUS_DOCTEST_INCLUDE}")
  # cpp-httplib: a small, well-kept HTTP server in one header, for tellus-serve.
  find_path(TELLUS_HTTPLIB_INCLUDE httplib.h REQUIRED)
  find_package(SQLite3 REQUIRED)        # the default, embedded store
  find_package(PostgreSQL REQUIRED)     # the store for several servers behind a load balancer
  find_package(Threads REQUIRED)
endif()
