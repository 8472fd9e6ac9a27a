// The reporting-obligations rules reader (JSON).
#include "civica/calendar/obligations.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    civica_fuzz::expect_only_civica_errors([&] {
        (void)civica::calendar::obligation_catalogue::from_json_text(text, "fuzz.json");
    });
    return 0;
}
