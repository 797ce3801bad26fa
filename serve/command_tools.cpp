#include <stdexcept>

#include "auth.hpp"
#include "commands.hpp"

namespace tellus::serve {

int run_token_new(std::ostream& out) {
    const NewToken made = make_token();
    out << "New staff token (give it to the staff member; it is shown only once):\n  " << made.token << "\n"
        << "Add this line to the staff token file (--staff-token-file), then restart tellus-serve:\n  " << made.file_line << "\n";
    return 0;
}

int run_import(const Options&, const std::string&, std::ostream&) { throw std::runtime_error("import is not built yet"); }

}  // namespace tellus::serve
