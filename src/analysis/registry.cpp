#include "civica/analysis/registry.hpp"

#include "civica/analysis/indicators.hpp"
#include "civica/model/dataset.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace civica::analysis {
namespace {

std::vector<count_row> sorted_counts(const std::map<std::string, std::int64_t>& m,
                                     const std::map<std::string, std::string>& labels = {}) {
    std::vector<count_row> out;
    for (const auto& [k, n] : m) {
        auto it = labels.find(k);
        out.push_back({k, it == labels.end() ? k : it->second, n});
    }
    std::stable_sort(out.begin(), out.end(), [](const count_row& a, const count_row& b) { return a.count > b.count; });
    return out;
}

}  // namespace

bool in_ngo_registry(const organization& o, int year, std::string_view territory) {
    if (!o.nonprofit) return false;
    if (territory != any_territory && o.municipality.str() != territory) return false;
    return o.registered.is_special() || o.registered.year() <= year;
}

registry_summary ngo_registry(const dataset& ds, int year, std::string_view territory) {
    registry_summary r;
    r.year = year;
    const std::string t = territory_of(ds, territory);
    r.territory = t;
    std::map<std::string, std::int64_t> forms, spheres, association_spheres, munis;
    std::map<std::string, std::string> form_labels, muni_labels;
    std::map<int, std::int64_t> regs;
    for (const auto& o : ds.organizations()) {
        if (!in_ngo_registry(o, year, t)) continue;
        ++r.organizations;
        if (o.registered.is_special()) ++r.unknown_registration;
        else ++regs[o.registered.year()];
        r.socially_oriented += o.socially_oriented;
        r.public_associations += o.public_association;
        r.tos += o.tos;
        r.volunteer_associations += o.volunteer_association;
        const std::string form = std::to_string(o.okopf);
        ++forms[form];
        if (!form_labels.count(form)) {
            const auto name = okopf_name(o.okopf, true);
            form_labels[form] = name.empty() ? (o.okopf == 0 ? "unknown" : form) : std::string(name);
        }
        for (const auto& s : o.spheres) {
            ++spheres[s];
            if (o.public_association) ++association_spheres[s];
        }
        ++munis[o.municipality.str()];
        if (!muni_labels.count(o.municipality.str())) {
            const row_index m = ds.municipalities().find(o.municipality.str());
            muni_labels[o.municipality.str()] =
                m == no_row ? o.municipality.str() : ds.municipalities()[static_cast<std::size_t>(m)].name;
        }
    }
    r.socially_oriented_share = r.organizations > 0
                                    ? static_cast<double>(r.socially_oriented) / static_cast<double>(r.organizations)
                                    : std::numeric_limits<double>::quiet_NaN();
    r.by_legal_form = sorted_counts(forms, form_labels);
    r.by_sphere = sorted_counts(spheres);
    r.public_association_spheres = sorted_counts(association_spheres);
    r.by_municipality = sorted_counts(munis, muni_labels);
    r.registrations_by_year.assign(regs.begin(), regs.end());
    return r;
}

}  // namespace civica::analysis
