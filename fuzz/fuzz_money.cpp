// money::parse: any text either parses or throws parse_error; what parses prints back to an
// amount that parses to the same value.
#include "civica/core/money.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    civica_fuzz::expect_only_civica_errors([&] {
        const civica::money m = civica::money::parse(text);
        const civica::money again = civica::money::parse(m.to_string());
        if (!(again == m)) std::abort();
    });
    return 0;
}
