// The xmlcalendar reader (production calendar years in the xmlcalendar.ru format).
#include "civica/calendar/production_calendar.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    civica_fuzz::expect_only_civica_errors([&] {
        (void)civica::calendar::production_calendar::from_xmlcalendar_text(text, "fuzz.xml");
    });
    return 0;
}
