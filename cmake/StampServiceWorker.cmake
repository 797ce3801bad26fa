# Writes OUTPUT from INPUT with __TELLUS_VERSION__ replaced by a hash of the built app, so every
# new build makes a new service worker and browsers fetch the new files as one set.
file(SHA256 "${WASM}" wasm_hash)
file(SHA256 "${JS}" js_hash)
string(SHA256 version "${wasm_hash}${js_hash}")
string(SUBSTRING "${version}" 0 16 version)
file(READ "${INPUT}" text)
string(REPLACE "__TELLUS_VERSION__" "${version}" text "${text}")
file(WRITE "${OUTPUT}" "${text}")
