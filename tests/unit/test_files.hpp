#pragma once
// Reading the repository's own files from tests.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace tellus::test {

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline std::string repo_file(const std::string& relative) { return read_file(std::string(TELLUS_SOURCE_DIR) + "/" + relative); }
inline std::string data_file(const std::string& relative) { return read_file(std::string(TELLUS_TEST_DATA) + "/" + relative); }

}  // namespace tellus::test
