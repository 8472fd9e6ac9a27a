// Design notes: the Khanty-Mansiysk generator must reproduce every published figure for any
// seed (DOMAIN.md section 1), so the figures are built in as invariants, not hoped for:
//
// - counts that are published exactly (50 public associations, 14 bodies, 59 meetings, 134
//   questions, 7 and 52 winners, 16 individual winners) are fixed and only *where* they fall
//   is random (which organisation, which month, which body);
// - "more than" figures (300 NGOs, 70 individual applicants, 30 million roubles) are drawn
//   from ranges whose lowest value already exceeds the bound;
// - sums published exactly (3 700 000.00 roubles) are split with split_total, which hits the
//   total to the kopeck;
// - the training figures force the enrolments: distinct NGOs (31) = participants of the first
//   course (26) + of the second (5), which is only possible with 31 different NGOs sending one
//   representative each.
//
// Each part draws from its own stream (rng(seed, part)), so changing one part leaves the others'
// records as they were.
#include "common.hpp"

#include "civica/error.hpp"
#include "civica/synth.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string>

namespace civica::synth {
namespace {

using detail::rng;
namespace bg = boost::gregorian;

constexpr std::string_view km = "khanty-mansiysk";
constexpr std::string_view yugra = "Ханты-Мансийский автономный округ – Югра";
constexpr std::string_view report_source =
    "Администрация г. Ханты-Мансийска, «Что наиболее значительное удалось сделать в области "
    "взаимодействия с общественностью в 2020 году»";

// Yugra's cities with their 2010 census populations (DOMAIN.md section 7) and the range the
// number of individual winners is drawn from: always below Khanty-Mansiysk's 16, so that the
// city ranks first as the report says.
// Each name with its forms after «города» and «в городе» (Покачи is not declined there) and
// in English.
struct city {
    std::string_view id, name, genitive, prepositional, english;
    std::int64_t population_2010;
    int min_winners, max_winners;
};
constexpr std::array<city, 12> other_cities{{
    {"surgut", "Сургут", "Сургута", "Сургуте", "Surgut", 306'703, 10, 14},
    {"nizhnevartovsk", "Нижневартовск", "Нижневартовска", "Нижневартовске", "Nizhnevartovsk", 251'860, 8, 13},
    {"nefteyugansk", "Нефтеюганск", "Нефтеюганска", "Нефтеюганске", "Nefteyugansk", 123'276, 5, 9},
    {"kogalym", "Когалым", "Когалыма", "Когалыме", "Kogalym", 58'192, 2, 5},
    {"nyagan", "Нягань", "Нягани", "Нягани", "Nyagan", 54'903, 2, 6},
    {"megion", "Мегион", "Мегиона", "Мегионе", "Megion", 49'471, 2, 4},
    {"raduzhny", "Радужный", "Радужного", "Радужном", "Raduzhny", 43'394, 1, 3},
    {"langepas", "Лангепас", "Лангепаса", "Лангепасе", "Langepas", 41'675, 1, 3},
    {"pyt-yakh", "Пыть-Ях", "Пыть-Яха", "Пыть-Яхе", "Pyt-Yakh", 41'453, 1, 3},
    {"uray", "Урай", "Урая", "Урае", "Uray", 39'435, 1, 4},
    {"yugorsk", "Югорск", "Югорска", "Югорске", "Yugorsk", 34'066, 1, 4},
    {"pokachi", "Покачи", "Покачи", "Покачи", "Pokachi", 17'053, 0, 2},
}};

// ---------------------------------------------------------------- small helpers

// Non-working days of 2020 besides weekends (Labour Code art. 112; decree days 24 June and
// 1 July). Days made non-working for the pandemic (30 March – 8 May) are left as working days:
// councils met remotely then.
bool is_holiday_2020(const date& d) {
    const int m = d.month(), day = d.day();
    return (m == 1 && day <= 8) || (m == 2 && day == 24) || (m == 3 && day == 9) ||
           (m == 5 && (day <= 5 || day == 11)) || (m == 6 && (day == 12 || day == 24)) ||
           (m == 7 && day == 1) || (m == 11 && day == 4);
}

date next_working_day(date d) {
    while (d.day_of_week() == bg::Saturday || d.day_of_week() == bg::Sunday || is_holiday_2020(d))
        d += bg::days(1);
    return d;
}

// A working day of `year`, months weighted by `month_weights` (quiet in January and summer).
date working_day(rng& r, int year, const std::array<std::uint64_t, 12>& cum_month_weights) {
    const auto month = static_cast<unsigned short>(r.weighted(cum_month_weights) + 1);
    const auto day = static_cast<unsigned short>(r.between(1, 28));
    return next_working_day(date(static_cast<unsigned short>(year), month, day));
}

std::array<std::uint64_t, 12> cumulative(const std::array<std::uint64_t, 12>& w) {
    std::array<std::uint64_t, 12> c{};
    std::uint64_t s = 0;
    for (std::size_t i = 0; i < 12; ++i) c[i] = s += w[i];
    return c;
}

// Rounds kopecks up to a whole hundred roubles.
std::int64_t ceil_hundred_rub(std::int64_t kopecks) { return (kopecks + 9'999) / 10'000 * 10'000; }

// ---------------------------------------------------------------- organisations

struct ngo_form { int okopf; std::uint64_t weight; bool socially_oriented; };
// Legal forms of the city's NGOs other than public associations (ОКОПФ, DOMAIN.md section 4).
constexpr std::array<ngo_form, 11> other_forms{{
    {71400, 36, true},   // АНО
    {20716, 16, false},  // homeowner associations
    {71500, 7, false},   // religious organisations
    {70401, 5, true},    // charitable foundations
    {70400, 3, true},    // foundations
    {20217, 6, true},    // ТОС
    {20614, 4, false},   // non-profit partnerships
    {21100, 2, true},    // Cossack societies
    {21200, 4, true},    // communities of indigenous small peoples
    {20600, 5, false},   // associations (unions)
    {75500, 4, true},    // private institutions
}};

// The spheres the report names for the public associations.
constexpr std::array<std::string_view, 6> association_spheres{
    "military_patriotic", "sport", "culture", "education", "health", "ecology"};
constexpr std::array<std::string_view, 8> other_spheres{
    "social", "family", "youth", "culture", "sport", "education", "indigenous_peoples", "housing"};

struct km_orgs {
    std::vector<std::string> all;          // the city's NGOs
    std::vector<std::string> applicants;   // NGOs that may apply for grants (socially oriented)
};

km_orgs add_organizations(dataset& ds, std::uint64_t seed) {
    rng r(seed, 10);
    organization rc;
    rc.id = organization_id("resource-centre");
    rc.full_name = "Ресурсный центр поддержки социально ориентированных некоммерческих "
                   "организаций и добровольчества (волонтерства)";
    rc.short_name = "Ресурсный центр";
    rc.municipality = municipality_id(km);
    rc.nonprofit = false;  // support infrastructure, not one of the city's NGOs it counts
    ds.add(rc);

    organization fund;
    fund.id = organization_id("csi-yugra-foundation");
    fund.full_name = "Фонд «Центр гражданских и социальных инициатив Югры»";
    fund.short_name = fund.full_name;
    fund.okopf = 70400;
    ds.add(fund);

    organization pgf;
    pgf.id = organization_id("presidential-grants-fund");
    pgf.full_name = "Фонд-оператор президентских грантов по развитию гражданского общества";
    pgf.short_name = "Фонд президентских грантов";
    pgf.okopf = 70400;
    ds.add(pgf);

    // "Более 300" NGOs: 305..324, so the count exceeds 300 for every seed; exactly 50 of
    // them public associations.
    const auto n = static_cast<std::size_t>(r.between(305, 324));
    constexpr std::size_t associations = 50;
    std::vector<int> forms(n);
    std::vector<std::uint64_t> cum;
    for (const auto& f : other_forms) cum.push_back((cum.empty() ? 0 : cum.back()) + f.weight);
    for (std::size_t i = 0; i < n; ++i)
        forms[i] = i < associations ? (r.chance(120'000) ? 20210 : 20200) : other_forms[r.weighted(cum)].okopf;
    r.shuffle(forms);

    const auto serial_base = static_cast<std::uint32_t>(r.below(50'000));
    km_orgs out;
    for (std::size_t i = 0; i < n; ++i) {
        organization g;
        g.id = organization_id(detail::make_id("km-ngo-", i + 1, 3));
        g.okopf = forms[i];
        g.public_association = g.okopf == 20200 || g.okopf == 20210;
        g.full_name = detail::invented_name(r, detail::legal_form_phrase(g.okopf, true));
        if (g.public_association || g.okopf == 20217) g.full_name += " города Ханты-Мансийска";
        const auto year = static_cast<int>(r.between(1993, 2019));
        // Day before month: one draw per statement, in the order GCC evaluated the arguments of
        // date(year, month, day) when the committed dataset was made (see the council terms).
        const auto day = static_cast<unsigned short>(r.between(1, 28));
        const auto month = static_cast<unsigned short>(r.between(1, 12));
        g.registered = date(static_cast<unsigned short>(year), month, day);
        const std::uint32_t serial = serial_base + static_cast<std::uint32_t>(i);
        g.inn = detail::synthetic_inn10(86, serial);
        g.ogrn = detail::synthetic_ogrn(std::max(year, 2002), 86, serial);
        g.kpp = detail::synthetic_kpp(86, serial);
        g.municipality = municipality_id(km);
        if (g.public_association) {
            g.spheres.emplace_back(association_spheres[r.below(association_spheres.size())]);
            g.socially_oriented = true;
        } else {
            const auto it = std::find_if(other_forms.begin(), other_forms.end(),
                                         [&](const ngo_form& f) { return f.okopf == g.okopf; });
            g.socially_oriented = it->socially_oriented && r.chance(900'000);
            g.spheres.emplace_back(g.okopf == 20716 ? "housing" : other_spheres[r.below(other_spheres.size())]);
        }
        g.tos = g.okopf == 20217;
        g.volunteer_association = g.socially_oriented && r.chance(120'000);
        g.nonprofit = true;
        out.all.push_back(g.id.str());
        if (g.socially_oriented) out.applicants.push_back(g.id.str());
        ds.add(g);
    }
    return out;
}

// ---------------------------------------------------------------- grants

struct competition_plan {
    std::string id;
    std::string programme;
    int year, round;
    date window_start, window_end, implementation_start;
    int winners;
    std::int64_t rejected_min, rejected_max;
    // Total awarded to the winners (kopecks); 0 = no fixed total.
    std::int64_t total_min, total_max;
};

void add_grants(dataset& ds, const km_orgs& orgs, std::uint64_t seed) {
    rng r(seed, 11);
    ds.add(grant_operator{operator_id("presidential-grants-fund"), "Фонд президентских грантов",
                          organization_id("presidential-grants-fund")});
    ds.add(grant_operator{operator_id("yugra-governor"),
                          "Губернатор Ханты-Мансийского автономного округа – Югры", organization_id()});
    ds.add(programme{programme_id("presidential-grants"), operator_id("presidential-grants-fund"),
                     "Гранты Президента Российской Федерации на развитие гражданского общества",
                     programme_kind::presidential_grants});
    ds.add(programme{programme_id("yugra-governor-ngo"), operator_id("yugra-governor"),
                     "Гранты Губернатора Ханты-Мансийского автономного округа – Югры на развитие "
                     "гражданского общества (некоммерческим организациям)",
                     programme_kind::governor_ngo});
    ds.add(programme{programme_id("yugra-governor-individual"), operator_id("yugra-governor"),
                     "Гранты Губернатора Ханты-Мансийского автономного округа – Югры на развитие "
                     "гражданского общества (физическим лицам)",
                     programme_kind::governor_individual});

    auto d = [](int y, int m, int day) {
        return date(static_cast<unsigned short>(y), static_cast<unsigned short>(m), static_cast<unsigned short>(day));
    };
    // Winners per competition: 7 in 2017 and 52 in 2020 (the report), growing in between.
    // Rejections per competition are drawn so that every year has more applications than the
    // year before for any seed (2017: 25–31, 2018: 41–49, 2019: 75–93, 2020: 132–172).
    // 2020 totals: Governor's first NGO competition 20.1–21.5 million (DOMAIN.md section 7:
    // the city's 19 grants, over 20 million), the second 2–3 million, the Fund's two 4.2–5.2
    // million each: at least 30.5 million in all, "более 30 млн".
    constexpr std::int64_t M = 100'000'000;  // a million roubles in kopecks
    const std::vector<competition_plan> plans{
        {"pg-2017-1", "presidential-grants", 2017, 1, d(2017, 1, 15), d(2017, 3, 1), d(2017, 7, 1), 3, 9, 12, 0, 0},
        {"pg-2017-2", "presidential-grants", 2017, 2, d(2017, 7, 15), d(2017, 8, 29), d(2018, 1, 1), 4, 9, 12, 0, 0},
        {"pg-2018-1", "presidential-grants", 2018, 1, d(2018, 1, 15), d(2018, 3, 1), d(2018, 7, 1), 6, 14, 18, 0, 0},
        {"pg-2018-2", "presidential-grants", 2018, 2, d(2018, 7, 15), d(2018, 8, 29), d(2019, 1, 1), 7, 14, 18, 0, 0},
        {"pg-2019-1", "presidential-grants", 2019, 1, d(2019, 1, 15), d(2019, 3, 1), d(2019, 7, 1), 8, 16, 22, 0, 0},
        {"pg-2019-2", "presidential-grants", 2019, 2, d(2019, 7, 15), d(2019, 8, 29), d(2020, 1, 1), 9, 16, 22, 0, 0},
        {"yugra-governor-ngo-2019-1", "yugra-governor-ngo", 2019, 1, d(2019, 3, 1), d(2019, 4, 15), d(2019, 7, 1), 10, 16, 22, 0, 0},
        {"pg-2020-1", "presidential-grants", 2020, 1, d(2020, 1, 15), d(2020, 3, 1), d(2020, 7, 1), 11, 20, 30, 42 * M / 10, 52 * M / 10},
        {"pg-2020-2", "presidential-grants", 2020, 2, d(2020, 7, 15), d(2020, 8, 29), d(2021, 1, 1), 13, 20, 30, 42 * M / 10, 52 * M / 10},
        {"yugra-governor-ngo-2020-1", "yugra-governor-ngo", 2020, 1, d(2020, 3, 1), d(2020, 4, 15), d(2020, 7, 1), 19, 20, 30, 201 * M / 10, 215 * M / 10},
        {"yugra-governor-ngo-2020-2", "yugra-governor-ngo", 2020, 2, d(2020, 8, 1), d(2020, 9, 15), d(2021, 1, 1), 9, 20, 30, 2 * M, 3 * M},
    };

    const auto& directions = presidential_grant_directions();
    const std::vector<std::string> all_directions(directions.begin(), directions.end());
    const auto& titles = detail::project_titles();
    constexpr std::array<std::int64_t, 9> requested_quantiles{
        150'000, 250'000, 350'000, 480'000, 600'000, 800'000, 1'100'000, 1'700'000, 3'000'000};

    std::uint64_t seq = 0;
    for (const auto& p : plans) {
        competition c;
        c.id = competition_id(p.id);
        c.programme = programme_id(p.programme);
        c.year = p.year;
        c.round = p.round;
        c.window = {p.window_start, p.window_end};
        c.directions = all_directions;
        c.name = (p.programme == "presidential-grants"
                      ? "Конкурс на предоставление грантов Президента Российской Федерации, "
                      : "Конкурс на предоставление грантов Губернатора Ханты-Мансийского автономного "
                        "округа – Югры, ") +
                 std::to_string(p.round) + "-й " + std::to_string(p.year) + " года";
        ds.add(c);

        const auto rejected = static_cast<std::size_t>(r.between(p.rejected_min, p.rejected_max));
        const auto winners = static_cast<std::size_t>(p.winners);
        // One application per organisation and competition.
        const auto chosen = r.sample(orgs.applicants.size(), winners + rejected);
        std::vector<std::int64_t> awards;
        if (p.total_max > 0) {
            const std::int64_t total = 10'000 * r.between(p.total_min / 10'000, p.total_max / 10'000);
            const bool governor_first = p.total_min >= 20 * M;
            awards = detail::split_total(r, total, winners, governor_first ? 250'000'00 : 150'000'00,
                                         governor_first ? 3 * M : 15 * M / 10, 10'000);
        } else {
            for (std::size_t i = 0; i < winners; ++i) awards.push_back(10'000 * r.between(2'000, 15'000));
        }
        std::vector<char> applied(orgs.applicants.size(), 0);
        for (const auto i : chosen) applied[i] = 1;
        auto registered = [&](std::size_t i) { return ds.get(organization_id(orgs.applicants[i])).registered; };
        for (std::size_t k = 0; k < chosen.size(); ++k) {
            application a;
            a.id = application_id(detail::make_id("km-app-", ++seq, 4));
            a.competition = c.id;
            a.applicant_type = applicant_kind::organization;
            a.applicant = orgs.applicants[chosen[k]];
            const auto dir = static_cast<std::size_t>(r.below(directions.size()));
            a.direction = all_directions[dir];
            a.title = titles[dir][r.below(titles[dir].size())];
            a.submitted = r.day_between(p.window_start, p.window_end);
            // An organisation applies once it is registered: one registered later gives its
            // place to the first NGO registered before the submission that has not applied to
            // this competition (no draw, so every other value stays as the seed gives it).
            if (!(registered(chosen[k]) < a.submitted))
                for (std::size_t j = 0; j < applied.size(); ++j)
                    if (!applied[j] && registered(j) < a.submitted) {
                        applied[j] = 1;
                        a.applicant = orgs.applicants[j];
                        break;
                    }
            std::int64_t requested;
            if (k < winners) {
                a.status = application_status::winner;
                a.awarded = money::from_kopecks(awards[k]);
                requested = ceil_hundred_rub(awards[k] * r.between(100, 112) / 100);
            } else {
                a.status = r.chance(40'000) ? application_status::withdrawn : application_status::rejected;
                requested = r.from_quantiles(requested_quantiles) / 100 * 10'000;
            }
            a.requested = money::from_kopecks(requested);
            a.cofunding = money::from_kopecks(requested * r.between(10, 60) / 100 / 100 * 100);
            const date end = p.implementation_start + bg::months(static_cast<int>(r.between(6, 18))) - bg::days(1);
            a.implementation = {p.implementation_start, end};
            ds.add(a);
        }
    }
}

// ---------------------------------------------------------------- individuals

struct km_people { std::vector<std::string> applicants; };

km_people add_individual_grants(dataset& ds, std::uint64_t seed) {
    rng r(seed, 12);
    const date window_start(2020, 9, 10), window_end(2020, 10, 16);  // DOMAIN.md section 7
    competition c;
    c.id = competition_id("yugra-governor-individual-2020-1");
    c.programme = programme_id("yugra-governor-individual");
    c.year = 2020;
    c.round = 1;
    c.window = {window_start, window_end};
    const auto& directions = presidential_grant_directions();
    c.directions.assign(directions.begin(), directions.end());
    c.name = "Первый конкурс для физических лиц на предоставление грантов Губернатора "
             "Ханты-Мансийского автономного округа – Югры на развитие гражданского общества";
    ds.add(c);

    constexpr std::array<std::int64_t, 7> requested_quantiles{
        50'000, 100'000, 150'000, 200'000, 260'000, 350'000, 500'000};
    const auto& titles = detail::project_titles();
    km_people out;
    std::uint64_t seq = 0;

    auto add_city = [&](std::string_view city_id, std::string_view person_prefix,
                        std::size_t applicants, std::vector<std::int64_t> awards) {
        for (std::size_t k = 0; k < applicants; ++k) {
            person p;
            p.id = person_id(detail::make_id(person_prefix, k + 1, 3));
            p.municipality = municipality_id(city_id);
            ds.add(p);
            if (city_id == km) out.applicants.push_back(p.id.str());

            application a;
            a.id = application_id(detail::make_id("ind-app-", ++seq, 4));
            a.competition = c.id;
            a.applicant_type = applicant_kind::person;
            a.applicant = p.id.str();
            const auto dir = static_cast<std::size_t>(r.below(directions.size()));
            a.direction = std::string(directions[dir]);
            a.title = titles[dir][r.below(titles[dir].size())];
            a.submitted = r.day_between(window_start, window_end);
            std::int64_t requested;
            if (k < awards.size()) {
                a.status = application_status::winner;
                a.awarded = money::from_kopecks(awards[k]);
                requested = std::min<std::int64_t>(ceil_hundred_rub(awards[k] * r.between(100, 115) / 100),
                                                   500'000'00);
                requested = std::max(requested, awards[k]);
            } else {
                a.status = r.chance(25'000) ? application_status::withdrawn : application_status::rejected;
                requested = r.from_quantiles(requested_quantiles) / 100 * 10'000;
            }
            a.requested = money::from_kopecks(requested);
            const date start = date(2021, 1, 11) + bg::days(r.between(0, 50));
            a.implementation = {start, start + bg::months(static_cast<int>(r.between(3, 10)))};
            ds.add(a);
        }
    };

    // Khanty-Mansiysk: "более 70" applicants (71..80), 16 winners, 3 700 000.00 roubles in all.
    const auto km_applicants = static_cast<std::size_t>(r.between(71, 80));
    add_city(km, "km-person-", km_applicants,
             detail::split_total(r, 3'700'000'00, 16, 50'000'00, 500'000'00, 10'000));
    for (const auto& city : other_cities) {
        const auto winners = static_cast<std::size_t>(r.between(city.min_winners, city.max_winners));
        // One draw per statement (the operands of + are evaluated in no fixed order), the
        // factor first as GCC drew it, so the generated data do not depend on the compiler.
        const auto per_winner = static_cast<std::size_t>(r.between(3, 5));
        const auto applicants = winners * per_winner + static_cast<std::size_t>(r.between(1, 4));
        std::vector<std::int64_t> awards;
        for (std::size_t i = 0; i < winners; ++i) awards.push_back(10'000 * r.between(500, 5'000));
        add_city(city.id, std::string(city.id) + "-person-", applicants, std::move(awards));
    }
    return out;
}

// ---------------------------------------------------------------- councils

struct council_info { std::string_view id, name, attached_to; };
// Invented for the synthetic data: the report says there are 13 councils but not which.
constexpr std::array<council_info, 13> councils{{
    {"council-administration", "Общественный совет при Администрации города Ханты-Мансийска",
     "Администрация города Ханты-Мансийска"},
    {"council-duma", "Общественный совет при Думе города Ханты-Мансийска", "Дума города Ханты-Мансийска"},
    {"council-education", "Общественный совет при Департаменте образования Администрации города Ханты-Мансийска",
     "Департамент образования Администрации города Ханты-Мансийска"},
    {"council-city-services",
     "Общественный совет при Департаменте городского хозяйства Администрации города Ханты-Мансийска",
     "Департамент городского хозяйства Администрации города Ханты-Мансийска"},
    {"council-urban-planning",
     "Общественный совет при Департаменте градостроительства и архитектуры Администрации города Ханты-Мансийска",
     "Департамент градостроительства и архитектуры Администрации города Ханты-Мансийска"},
    {"council-property",
     "Общественный совет при Департаменте муниципальной собственности Администрации города Ханты-Мансийска",
     "Департамент муниципальной собственности Администрации города Ханты-Мансийска"},
    {"council-finance",
     "Общественный совет при Департаменте управления финансами Администрации города Ханты-Мансийска",
     "Департамент управления финансами Администрации города Ханты-Мансийска"},
    {"council-culture", "Общественный совет при Управлении культуры Администрации города Ханты-Мансийска",
     "Управление культуры Администрации города Ханты-Мансийска"},
    {"council-sport-youth",
     "Общественный совет при Управлении физической культуры, спорта и молодежной политики "
     "Администрации города Ханты-Мансийска",
     "Управление физической культуры, спорта и молодежной политики Администрации города Ханты-Мансийска"},
    {"council-economy",
     "Общественный совет при Управлении экономического развития и инвестиций Администрации города "
     "Ханты-Мансийска",
     "Управление экономического развития и инвестиций Администрации города Ханты-Мансийска"},
    {"council-transport",
     "Общественный совет при Управлении транспорта, связи и дорог Администрации города Ханты-Мансийска",
     "Управление транспорта, связи и дорог Администрации города Ханты-Мансийска"},
    {"council-guardianship",
     "Общественный совет при Управлении опеки и попечительства Администрации города Ханты-Мансийска",
     "Управление опеки и попечительства Администрации города Ханты-Мансийска"},
    {"council-consumer-market",
     "Общественный совет при Управлении потребительского рынка и защиты прав потребителей "
     "Администрации города Ханты-Мансийска",
     "Управление потребительского рынка и защиты прав потребителей Администрации города Ханты-Мансийска"},
}};

struct question_info { std::string_view title, topic; };
constexpr std::array<question_info, 24> questions{{
    {"О проекте бюджета города Ханты-Мансийска на 2021 год и на плановый период 2022 и 2023 годов", "budget"},
    {"Об исполнении бюджета города за 2019 год", "budget"},
    {"Об итогах реализации муниципальной программы за 2019 год", "municipal_programmes"},
    {"О проекте изменений в муниципальную программу", "municipal_programmes"},
    {"О плане работы на 2021 год", "procedure"},
    {"Об итогах работы за 2020 год", "procedure"},
    {"О мерах по предупреждению распространения новой коронавирусной инфекции", "health"},
    {"О поддержке социально ориентированных некоммерческих организаций в условиях пандемии", "ngo_support"},
    {"О благоустройстве общественных территорий в 2020 году", "urban_environment"},
    {"О выборе общественной территории для благоустройства в 2021 году", "urban_environment"},
    {"О проекте правил благоустройства территории города", "urban_environment"},
    {"О подготовке образовательных организаций к новому учебному году", "education"},
    {"Об организации летнего отдыха и оздоровления детей", "education"},
    {"О проведении независимой оценки качества условий оказания услуг", "public_control"},
    {"О результатах общественного контроля", "public_control"},
    {"О развитии массового спорта и физической культуры", "sport"},
    {"О праздновании 75-летия Победы в Великой Отечественной войне", "culture"},
    {"О культурных мероприятиях в дистанционном формате", "culture"},
    {"О состоянии дорог и общественного транспорта", "transport"},
    {"О поддержке малого и среднего предпринимательства", "economy"},
    {"О передаче муниципальных услуг некоммерческим организациям", "ngo_support"},
    {"О проекте генерального плана города", "urban_planning"},
    {"О состоянии жилищного фонда и капитальном ремонте", "housing"},
    {"Об инвестиционной привлекательности города", "economy"},
}};

void add_councils(dataset& ds, std::uint64_t seed) {
    rng r(seed, 13);
    for (const auto& c : councils)
        ds.add(collegial_body{body_id(c.id), std::string(c.name), body_kind::public_council,
                              std::string(c.attached_to), municipality_id(km)});
    ds.add(collegial_body{body_id("public-chamber"), "Общественная палата города Ханты-Мансийска",
                          body_kind::public_chamber, "", municipality_id(km)});

    // Terms: councils formed 2017–2019 for three years; the Chamber renewed in 2020.
    for (const auto& c : councils) {
        // One draw per statement: the order in which a call's arguments are evaluated is
        // unspecified (GCC and clang differ), and the committed dataset must not depend on the
        // compiler. This is the order GCC used when the dataset was generated.
        const auto day = static_cast<unsigned short>(r.between(1, 28));
        const auto month = static_cast<unsigned short>(r.between(1, 12));
        const auto year = static_cast<unsigned short>(r.between(2017, 2019));
        const date start(year, month, day);
        ds.add(membership_term{body_id(c.id), {start, start + bg::years(3) - bg::days(1)},
                               static_cast<int>(r.between(7, 15)), ""});
    }
    const auto renewed_day = static_cast<unsigned short>(r.between(1, 28));
    const date renewed(2020, static_cast<unsigned short>(r.between(2, 6)), renewed_day);
    const auto previous_day = static_cast<unsigned short>(r.between(1, 28));
    const date previous(2017, static_cast<unsigned short>(r.between(2, 6)), previous_day);
    ds.add(membership_term{body_id("public-chamber"), {previous, renewed - bg::days(1)},
                           static_cast<int>(r.between(12, 20)), ""});
    ds.add(membership_term{body_id("public-chamber"), {renewed, renewed + bg::years(3) - bg::days(1)},
                           static_cast<int>(r.between(15, 25)), "renewed from the city's opinion leaders"});
    // A council whose three years end before 2021 is formed anew the next day, so that each of
    // its meetings of 2020 is held by a membership in office (the meetings of a council formed
    // in 2017 fell outside every term). Its size comes from a stream of its own, so that the
    // draws above and below stay as they were.
    rng renewal(seed, 19);
    const std::vector<membership_term> first_terms(ds.membership_terms().begin(), ds.membership_terms().end());
    for (const auto& t : first_terms)
        if (t.body.str() != "public-chamber" && t.term.end < date(2020, 12, 31)) {
            const date start = t.term.end + bg::days(1);
            ds.add(membership_term{t.body, {start, start + bg::years(3) - bg::days(1)},
                                   static_cast<int>(renewal.between(7, 15)), ""});
        }

    // 59 meetings in 2020: at least two per council and four for the Chamber (30), the other 29
    // spread at random over the 14 bodies.
    constexpr std::size_t n_bodies = councils.size() + 1;
    std::array<int, n_bodies> per_body{};
    per_body.fill(2);
    per_body[n_bodies - 1] = 4;
    for (int i = 30; i < 59; ++i) ++per_body[r.below(n_bodies)];

    const auto months = cumulative({3, 8, 9, 8, 7, 8, 4, 4, 9, 9, 10, 11});
    struct planned { date held; std::size_t body; };
    std::vector<planned> meetings;
    for (std::size_t b = 0; b < n_bodies; ++b) {
        std::vector<date> dates;
        while (dates.size() < static_cast<std::size_t>(per_body[b])) {
            const date d = working_day(r, 2020, months);
            if (d.year() == 2020 && std::find(dates.begin(), dates.end(), d) == dates.end()) dates.push_back(d);
        }
        for (const auto& d : dates) meetings.push_back({d, b});
    }
    std::sort(meetings.begin(), meetings.end(), [](const planned& a, const planned& b) {
        return a.held < b.held || (a.held == b.held && a.body < b.body);
    });

    // 134 agenda questions: one per meeting, the other 75 spread (at most six per meeting).
    std::vector<int> per_meeting(meetings.size(), 1);
    for (int placed = static_cast<int>(meetings.size()); placed < 134;) {
        auto& n = per_meeting[r.below(per_meeting.size())];
        if (n < 6) {
            ++n;
            ++placed;
        }
    }

    // Attendance from a stream of its own, so the meetings and questions drawn above and below
    // stay as they were: more than half of the members of the term in office (a quorum), none
    // recorded for an absentee vote.
    rng present(seed, 17);
    auto members_on = [&](const std::string& body, const date& day) {
        int members = 0;
        for (const auto& t : ds.membership_terms())
            if (t.body.str() == body && t.term.contains(day)) members = t.members;
        return members;
    };
    std::size_t question_seq = 0;
    for (std::size_t i = 0; i < meetings.size(); ++i) {
        const auto& m = meetings[i];
        const int month = m.held.month();
        meeting_format format = meeting_format::in_person;
        if (month >= 4 && month <= 6) format = r.chance(800'000) ? meeting_format::remote : meeting_format::absentee;
        else if (month >= 10) format = r.chance(500'000) ? meeting_format::mixed : meeting_format::remote;
        else if (r.chance(100'000)) format = meeting_format::absentee;
        const std::string body = m.body + 1 == n_bodies ? "public-chamber" : std::string(councils[m.body].id);
        const meeting_id id(detail::make_id("meeting-2020-", i + 1, 3));
        meeting row{id, body_id(body), m.held, format};
        if (const int members = members_on(body, m.held); members > 0 && format != meeting_format::absentee)
            row.attendance = static_cast<int>(present.between(members / 2 + 1, members));
        ds.add(row);
        const auto picks = r.sample(questions.size(), static_cast<std::size_t>(per_meeting[i]));
        for (auto q : picks)
            ds.add(agenda_question{agenda_question_id(detail::make_id("question-2020-", ++question_seq, 3)), id,
                                   std::string(questions[q].title), std::string(questions[q].topic)});
    }
}

// ---------------------------------------------------------------- training and services

struct course_dates { date start, end; };

constexpr std::string_view social_design_topic =
    "социальное проектирование; написание современных социальных проектов; управление их реализацией; "
    "пути повышения финансовой устойчивости";
constexpr std::string_view ngo_reporting_topic =
    "общие правила представления отчётности НКО; персональный календарь отчётности на 2021 год";

std::array<course_dates, 2> add_training(dataset& ds, const km_orgs& orgs, std::uint64_t seed) {
    rng r(seed, 14);
    const date a_start = next_working_day(date(2020, 10, 1) + bg::days(r.between(0, 14)));
    const date b_start = next_working_day(date(2020, 11, 16) + bg::days(r.between(0, 10)));
    const std::array<course_dates, 2> dates{{{a_start, a_start + bg::days(39)}, {b_start, b_start + bg::days(18)}}};
    // The topics are those the report gives: social design and the skills it names (writing
    // projects, managing them, financial sustainability) for the first course; the rules of NGO
    // reporting and the personal reporting calendar of 2021 for the second.
    ds.add(course{course_id("course-social-design-2020"), "Социальное проектирование в НКО",
                  std::string(social_design_topic), course_format::distance, 72,
                  organization_id("resource-centre"), organization_id("csi-yugra-foundation"),
                  {dates[0].start, dates[0].end}});
    ds.add(course{course_id("course-ngo-reporting-2020"), "Отчетность некоммерческой организации",
                  std::string(ngo_reporting_topic), course_format::distance, 36, organization_id("resource-centre"),
                  organization_id("csi-yugra-foundation"), {dates[1].start, dates[1].end}});
    // 31 NGOs, 26 + 5 participants: only one NGO, one representative per enrolment fits.
    const auto chosen = r.sample(orgs.applicants.size(), 31);
    for (std::size_t k = 0; k < chosen.size(); ++k)
        ds.add(enrolment{course_id(k < 26 ? "course-social-design-2020" : "course-ngo-reporting-2020"),
                         organization_id(orgs.applicants[chosen[k]]), person_id(), 1, true});
    return dates;
}

void add_services(dataset& ds, const km_orgs& orgs, const km_people& people,
                  const std::array<course_dates, 2>& courses, std::uint64_t seed) {
    rng r(seed, 15);
    struct planned { date provided; support_kind kind; applicant_kind who; std::string recipient; std::string note; };
    std::vector<planned> services;
    // The Resource Centre started work in 2020; it is taken to open in February.
    const auto months = cumulative({0, 6, 8, 9, 8, 7, 5, 6, 10, 11, 10, 9});
    auto any_ngo = [&] { return orgs.all[r.below(orgs.all.size())]; };
    auto some_applicant = [&] { return orgs.applicants[r.below(orgs.applicants.size())]; };
    auto day = [&] { return working_day(r, 2020, months); };

    for (auto n = r.between(40, 60); n > 0; --n)
        services.push_back({day(), support_kind::information, applicant_kind::organization, any_ngo(),
                            "рассылка о конкурсах и мерах поддержки"});
    for (auto n = r.between(30, 50); n > 0; --n)
        services.push_back({day(), support_kind::consulting, applicant_kind::organization, some_applicant(),
                            "консультация по регистрации и деятельности НКО"});
    for (auto n = r.between(8, 14); n > 0; --n)
        services.push_back({day(), support_kind::consulting, applicant_kind::person,
                            people.applicants[r.below(people.applicants.size())],
                            "консультация инициативному гражданину"});
    // Education: the course participants (one service per enrolled NGO) and a few seminars.
    const auto& enr = ds.enrolments();
    for (std::size_t i = 0; i < enr.size(); ++i) {
        const auto course_row = static_cast<std::size_t>(enr.course()[i]);
        const auto& cd = courses[course_row == 0 ? 0 : 1];
        services.push_back({cd.start, support_kind::education, applicant_kind::organization,
                            ds.organizations()[static_cast<std::size_t>(enr.organization()[i])].id.str(),
                            "обучение: " + ds.courses()[course_row].title});
    }
    for (auto n = r.between(5, 10); n > 0; --n)
        services.push_back({day(), support_kind::education, applicant_kind::organization, some_applicant(),
                            "семинар по социальному проектированию"});
    for (auto n = r.between(10, 20); n > 0; --n)
        services.push_back({day(), support_kind::organization, applicant_kind::organization, any_ngo(),
                            "помощь в организации мероприятия, предоставление помещения"});
    // Help with grant applications before the Governor's deadlines (NGOs: spring; individuals:
    // 10 September – 16 October 2020).
    for (auto n = r.between(20, 30); n > 0; --n)
        services.push_back({next_working_day(r.day_between(date(2020, 2, 3), date(2020, 9, 14))),
                            support_kind::grants_help, applicant_kind::organization, some_applicant(),
                            "помощь в подготовке заявки на грант"});
    // A person is helped before submitting: a day drawn after the person's submission moves to
    // the working day before it (8 of 23 were dated after it). The draws stay as they were.
    std::map<std::string, date> submitted;
    {
        const auto& a = ds.applications();
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a.applicant_type()[i] != static_cast<std::uint8_t>(applicant_kind::person)) continue;
            const date d = from_day_number(a.submitted()[i]);
            if (d.is_not_a_date() || d.year() != 2020) continue;
            const std::string who = ds.persons()[static_cast<std::size_t>(a.applicant()[i])].id.str();
            if (auto [at, fresh] = submitted.emplace(who, d); !fresh && d < at->second) at->second = d;
        }
    }
    auto before_submission = [&](date d, const std::string& who) {
        const auto at = submitted.find(who);
        if (at == submitted.end() || d < at->second) return d;
        d = at->second - bg::days(1);
        while (d.day_of_week() == bg::Saturday || d.day_of_week() == bg::Sunday || is_holiday_2020(d))
            d -= bg::days(1);
        return d;
    };
    for (auto n = r.between(15, 25); n > 0; --n) {
        const date drawn = next_working_day(r.day_between(date(2020, 9, 10), date(2020, 10, 15)));
        const std::string who = people.applicants[r.below(people.applicants.size())];
        services.push_back({before_submission(drawn, who), support_kind::grants_help, applicant_kind::person, who,
                            "помощь в подготовке заявки на грант Губернатора для физических лиц"});
    }
    for (auto n = r.between(5, 10); n > 0; --n)
        services.push_back({day(), support_kind::other, applicant_kind::organization, any_ngo(),
                            "информационная поддержка в СМИ и социальных сетях"});

    std::stable_sort(services.begin(), services.end(),
                     [](const planned& a, const planned& b) { return a.provided < b.provided; });
    for (std::size_t i = 0; i < services.size(); ++i) {
        auto& s = services[i];
        ds.add(support_service{service_id(detail::make_id("service-2020-", i + 1, 4)),
                               organization_id("resource-centre"), s.who, std::move(s.recipient), s.kind,
                               s.provided, std::move(s.note)});
    }
}

// Monitoring in 2020 of supported projects under way or finished that year.
void add_monitoring(dataset& ds, std::uint64_t seed) {
    rng r(seed, 16);
    const auto& apps = ds.applications();
    const date first(2020, 2, 3), last(2020, 12, 25);
    for (std::size_t i = 0; i < apps.size(); ++i) {
        if (static_cast<application_status>(apps.status()[i]) != application_status::winner) continue;
        if (apps.applicant_type()[i] != static_cast<std::uint8_t>(applicant_kind::organization)) continue;
        const date start = from_day_number(apps.implementation_start()[i]);
        const date end = from_day_number(apps.implementation_end()[i]);
        if (start > last || end < first) continue;
        if (!r.chance(700'000)) continue;
        const date from = std::max(start, first);
        const date checked = next_working_day(r.day_between(from, std::min(end + bg::days(20), last)));
        const bool done = end < checked;
        monitoring_record m;
        m.application = application_id(apps.ids()[i]);
        m.checked = checked;
        if (done) {
            m.score = static_cast<double>(r.between(10, 20)) / 2.0;  // 5.0 .. 10.0 in halves
            m.status = "completed";
            m.note = "итоговая оценка реализованного проекта";
        } else {
            m.status = "in_progress";
            m.note = "плановый мониторинг хода реализации";
        }
        ds.add(m);
    }
}

}  // namespace

dataset khanty_mansiysk_2020(std::uint64_t seed) {
    dataset ds;
    auto& info = ds.info();
    info.name = "khanty-mansiysk-2020-synthetic";
    info.title = "Khanty-Mansiysk 2017–2020, SYNTHETIC records consistent with the published 2020 figures";
    info.territory = std::string(km);
    info.description =
        "SYNTHETIC DATA, not observed records. Generated by civica::synth::khanty_mansiysk_2020 "
        "(seed " + std::to_string(seed) + ") so that counting its records reproduces every figure "
        "of the city's 2020 report on public engagement: more than 300 NGOs of which 50 public "
        "associations; 13 public councils and the Public Chamber with 59 meetings and 134 agenda "
        "questions in 2020; two distance courses with 26 and 5 participants from 31 NGOs; 7 "
        "winners of the Presidential and Governor's grant competitions in 2017 and 52 in 2020 "
        "with more than 30 million roubles; more than 70 applicants and 16 winners with "
        "3,700,000 roubles in the Governor's first competition for individuals, the most among "
        "Yugra's cities. Real: the cities and their 2010 census populations, the Public Chamber, "
        "the Resource Centre, the Foundation, the titles of the two courses, the grant "
        "programmes and the Presidential Grants Fund's directions. Invented: every other name "
        "(organisations, councils, projects), the people, applications, amounts, dates, course "
        "hours and identifiers (INN and OGRN have valid checksums but tax-office code 00).";
    info.source = "civica::synth::khanty_mansiysk_2020, seed " + std::to_string(seed) +
                  "; figures reproduced from: " + std::string(report_source);
    info.licence = "Generated data; free to use without restriction";
    info.synthetic = true;

    municipality city;
    city.id = municipality_id(km);
    city.name = "Ханты-Мансийск";
    city.name_genitive = "Ханты-Мансийска";
    city.name_prepositional = "Ханты-Мансийске";
    city.name_en = "Khanty-Mansiysk";
    city.oktmo = "71871000";
    city.region = std::string(yugra);
    city.population = {{2010, 79'410}};
    ds.add(city);
    for (const auto& c : other_cities) {
        municipality m;
        m.id = municipality_id(c.id);
        m.name = std::string(c.name);
        m.name_genitive = std::string(c.genitive);
        m.name_prepositional = std::string(c.prepositional);
        m.name_en = std::string(c.english);
        m.region = std::string(yugra);
        m.population = {{2010, c.population_2010}};
        ds.add(m);
    }

    const km_orgs orgs = add_organizations(ds, seed);
    add_grants(ds, orgs, seed);
    const km_people people = add_individual_grants(ds, seed);
    add_councils(ds, seed);
    const auto course_dates = add_training(ds, orgs, seed);
    add_services(ds, orgs, people, course_dates, seed);
    add_monitoring(ds, seed);
    return ds;
}

}  // namespace civica::synth
