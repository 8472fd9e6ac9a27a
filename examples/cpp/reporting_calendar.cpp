// The personal reporting calendar of one organisation of a dataset, with the grants it won as
// agreements, printed as a table and written as an iCalendar file.
//
//   civica_reporting_calendar ORGANISATION [YEAR] [DATASET] [-o FILE.ics]
//   civica_reporting_calendar km-ngo-013                  # 2021, khanty-mansiysk-2020-synthetic
//   civica_reporting_calendar km-ngo-013 2021 khanty-mansiysk-2020-synthetic -o ngo.ics
//
// The organisation's legal form, name and flags come from its record (calendar::profile_from);
// what the dataset does not hold (employees, tax regime, income) is taken from
// ngo_profile::default_profile(): staff, УСН, 1.5 million RUB income. Each winning
// application of the organisation whose project runs into YEAR becomes a grant agreement with
// half-year reporting periods and reports 15 days after each.
#include <civica/civica.hpp>
#include <civica/io/bundled.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

int usage() {
    std::cerr << "usage: civica_reporting_calendar ORGANISATION [YEAR] [DATASET] [-o FILE.ics]\n";
    return 2;
}

// The grants `org` won whose projects end in `year` or later, as agreements: the project's
// dates from the application, the operator from its competition's programme.
std::vector<civica::calendar::grant_agreement> grants_of(const civica::dataset& ds, const std::string& org, int year) {
    std::vector<civica::calendar::grant_agreement> out;
    for (std::size_t i = 0; i < ds.applications().size(); ++i) {
        const civica::application a = ds.application_at(i);
        if (a.applicant_type != civica::applicant_kind::organization || a.applicant != org ||
            a.status != civica::application_status::winner || !a.implementation.has_start() ||
            !a.implementation.has_end() || a.implementation.end.year() < year)
            continue;
        const civica::programme& p = ds.get(ds.get(a.competition).programme);
        civica::calendar::grant_agreement g;
        g.id = a.id.str();
        g.title = a.title;
        const auto op = ds.operators().find(p.grant_operator.str());
        g.grant_operator = op == civica::no_row ? p.name : ds.operators()[static_cast<std::size_t>(op)].name;
        g.start = a.implementation.start;
        g.end = a.implementation.end;
        g.period_months = 6;
        out.push_back(std::move(g));
    }
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string output;
    for (std::size_t i = 0; i < args.size(); ++i)
        if (args[i] == "-o") {
            if (i + 1 == args.size()) return usage();
            output = args[i + 1];
            args.erase(args.begin() + static_cast<std::ptrdiff_t>(i), args.begin() + static_cast<std::ptrdiff_t>(i) + 2);
            break;
        }
    if (args.empty() || args.size() > 3) return usage();
    const std::string org_id = args[0];
    const int year = args.size() > 1 ? std::atoi(args[1].c_str()) : 2021;
    const std::string dataset_name = args.size() > 2 ? args[2] : "khanty-mansiysk-2020-synthetic";
    try {
        const civica::dataset ds = civica::io::load_dataset(dataset_name);
        const civica::organization& org = ds.get(civica::organization_id(org_id));  // not_found_error names it
        civica::calendar::ngo_profile profile = civica::calendar::profile_from(org, civica::calendar::ngo_profile::default_profile());
        profile.grants = grants_of(ds, org_id, year);

        const civica::calendar::personal_calendar cal = civica::calendar::reporting_calendar(profile, year);
        std::cout << cal.organization << ": " << cal.deadlines.size() << " deadlines in " << year << ", "
                  << profile.grants.size() << " grant(s)\n\n";
        for (const auto& d : cal.deadlines) {
            std::cout << civica::format_date(d.due) << "  " << d.report << " — " << d.recipient << " (" << d.period_label
                      << ")";
            if (d.shifted()) std::cout << "  [moved from " << civica::format_date(d.original) << "]";
            std::cout << "\n";
        }
        for (const auto& e : cal.event_driven) std::cout << "when it happens: " << e.report << " — " << e.when << "\n";
        if (!output.empty()) {
            civica::calendar::ics_options o;
            o.uid_prefix = org_id;
            // The old file or the new one, never half of it.
            civica::text::write_file_atomically(output, civica::calendar::to_icalendar(cal, o));
            std::cerr << output << ": " << cal.deadlines.size() << " events written\n";
        }
        return 0;
    } catch (const civica::error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
}
