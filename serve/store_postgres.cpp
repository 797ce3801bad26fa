#include "store.hpp"

namespace tellus::serve {

std::unique_ptr<Store> open_postgres_store(const std::string&) {
    throw StoreError("PostgreSQL support is not built yet");
}

}  // namespace tellus::serve
