// The JSON form of the native dataset. Reading hands each row object to the dataset folder's
// scanner (dataset_folder.cpp), so the two forms cannot disagree about a value; writing takes
// the rows as the folder writer formats them (detail::emit_tables), typed as the declared
// columns say (civica/model/schema.hpp).
#include "civica/io/dataset_json.hpp"

#include "civica/error.hpp"
#include "civica/model/schema.hpp"
#include "civica/text/csv.hpp"
#include "civica/text/files.hpp"
#include "civica/text/text.hpp"
#include "dataset_folder_scan.hpp"
#include "json_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>

namespace civica::io {

namespace fs = std::filesystem;

namespace {

class json_sink : public detail::table_sink {
public:
    explicit json_sink(nlohmann::ordered_json& tables) : tables_(&tables) {}

    void begin_table(std::string_view file, const std::vector<std::string_view>& columns) override {
        name_ = std::string(file.substr(0, file.size() - 4));  // "applications.csv" -> "applications"
        columns_ = &columns;
        table_ = &schema::table_named(name_);
        rows_ = nlohmann::ordered_json::array();
    }
    void row(const std::string& record_id, const std::vector<std::string>& fields) override {
        nlohmann::ordered_json obj = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < fields.size() && i < columns_->size(); ++i) {
            const std::string& v = fields[i];
            if (v.empty()) continue;
            const std::string key((*columns_)[i]);
            if (const auto bad = text::find_invalid_utf8(v); bad != std::string::npos)
                throw validation_error("tables." + name_ + ", record \"" + record_id + "\": column \"" + key +
                                       "\": text is not valid UTF-8 (at offset " + std::to_string(bad) + ")");
            obj[key] = typed(table_->find(key), v);
        }
        rows_.push_back(std::move(obj));
    }
    void end_table() override { (*tables_)[name_] = std::move(rows_); }

private:
    // Whole numbers, numbers and flags are JSON numbers and booleans, as their declared types say;
    // the rest (amounts included, which must stay exact) are strings.
    static nlohmann::ordered_json typed(const schema::column* c, const std::string& v) {
        using schema::column_type;
        const column_type type = c ? c->type : column_type::text;
        if (type == column_type::boolean && (v == "true" || v == "false")) return v == "true";
        if (type == column_type::integer)
            if (const auto n = text::parse_int<std::int64_t>(v)) return *n;
        if (type == column_type::real)
            if (const auto d = text::parse_double(v)) return *d;
        return v;
    }

    nlohmann::ordered_json* tables_;
    std::string name_;
    const std::vector<std::string_view>* columns_ = nullptr;
    const schema::table* table_ = nullptr;
    nlohmann::ordered_json rows_;
};

}  // namespace

dataset read_dataset_json(const fs::path& file, const table_read_options& options) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        throw io_error("dataset JSON file \"" + file.string() + "\" does not exist or is not a file");
    dataset ds;
    detail::scan_dataset_json(file, &ds, nullptr, &options);
    return ds;
}

void write_dataset_json(const dataset& ds, const fs::path& file) {
    const auto& info = ds.info();
    check_info(info, file.filename().string());
    nlohmann::ordered_json j;
    j["format"] = "civica-dataset-json";
    j["version"] = dataset_format_version;
    nlohmann::ordered_json& fields = j["info"] = nlohmann::ordered_json::object();
    for (const auto& [key, member] : dataset_info_texts) fields[key] = info.*member;
    fields["synthetic"] = info.synthetic;
    fields["currency"] = info.currency;
    nlohmann::ordered_json tables = nlohmann::ordered_json::object();
    json_sink sink(tables);
    detail::emit_tables(ds, sink);
    j["tables"] = std::move(tables);
    detail::write_json_file(file, std::move(j), 1, '\t');
}

}  // namespace civica::io
