#pragma once
/// \file
/// Courses for NGOs and the enrolments in them (stored by column).

#include "civica/core/column.hpp"
#include "civica/core/date.hpp"
#include "civica/core/ids.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace civica {

namespace detail {
struct dataset_loader;
}  // namespace detail

enum class course_format : std::uint8_t { distance, in_person, mixed };
std::string_view to_string(course_format f);
/// Parses the names printed by to_string (letter case matters); throws civica::parse_error
/// listing them, with the closest one when one is close.
course_format parse_course_format(std::string_view s);

/// A course (e.g. an advanced-training programme "Социальное проектирование в НКО").
struct course {
    course_id id;
    std::string title;
    std::string topic;
    course_format format = course_format::in_person;
    int hours = 0;
    organization_id organiser;   ///< e.g. the Resource Centre
    organization_id partner;     ///< e.g. a regional foundation; may be empty
    period dates;
    friend bool operator==(const course&, const course&) = default;
};

/// Organisation and/or person enrolled in a course, with how many representatives took part.
struct enrolment {
    course_id course;
    organization_id organization;  ///< may be empty when a person enrols alone
    person_id person;              ///< may be empty
    int participants = 1;
    bool completed = true;
    friend bool operator==(const enrolment&, const enrolment&) = default;
};

/// Enrolments stored by column; references are row numbers (no_row when empty).
class enrolment_table {
public:
    std::size_t size() const noexcept { return course_.size(); }
    const std::vector<row_index>& course() const noexcept { return course_; }
    const std::vector<row_index>& organization() const noexcept { return organization_; }
    const std::vector<row_index>& person() const noexcept { return person_; }
    const std::vector<std::int32_t>& participants() const noexcept { return participants_; }
    const std::vector<std::uint8_t>& completed() const noexcept { return completed_; }

private:
    friend class dataset;
    friend struct detail::dataset_loader;  // builds a table by column for dataset::adopt
    void truncate(std::size_t n);
    std::vector<row_index> course_;
    std::vector<row_index> organization_;
    std::vector<row_index> person_;
    std::vector<std::int32_t> participants_;
    std::vector<std::uint8_t> completed_;
};

}  // namespace civica
