// parse_date: any text either parses or throws parse_error; a parsed date prints back in ISO
// form and parses to itself.
#include "civica/core/date.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    civica_fuzz::expect_only_civica_errors([&] {
        const civica::date d = civica::parse_date(text);
        if (!(civica::parse_date(civica::format_date(d)) == d)) std::abort();
    });
    return 0;
}
