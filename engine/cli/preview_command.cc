// `seed-engine preview DIR --table T`: sample rows, no database.
#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "engine/cli/common.h"
#include "engine/exec/row_source.h"

namespace seed::cli {

namespace {

std::string CsvField(const Value& v) {
  if (v.is_null()) return "";
  std::string t = v.ToText();
  if (t.find_first_of(",\"\n\r") == std::string::npos) return t;
  std::string out = "\"";
  for (char c : t) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

nlohmann::json JsonValue(const Value& v) {
  switch (v.type) {
    case Type::kNull: return nullptr;
    case Type::kInt: return v.i;
    case Type::kBool: return v.i != 0;
    case Type::kFloat: return v.f;
    default: return v.ToText();  // decimals stay exact as text
  }
}

// JSON must be UTF-8, but source values need not be (a Latin-1 CSV). Such
// values are shown with U+FFFD in place of the invalid bytes, and stderr
// says so, rather than the whole preview failing.
std::string JsonText(const nlohmann::json& out) {
  try {
    return out.dump(2);
  } catch (const nlohmann::json::type_error&) {  // 316: invalid UTF-8
    std::cerr << "preview: some values are not valid UTF-8; invalid bytes are shown as U+FFFD\n";
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  }
}

}  // namespace

cxxopts::Options PreviewCommandOptions() {
  cxxopts::Options o("seed-engine preview", "Print sample rows of one table; no database.");
  o.custom_help("DIR --table T [options]");
  AddPlanOptions(o);
  o.add_options()
      ("rows", "how many rows", cxxopts::value<uint64_t>()->default_value("10"))
      ("offset", "first row index", cxxopts::value<uint64_t>()->default_value("0"))
      ("format", "table | csv | json", cxxopts::value<std::string>()->default_value("table"));
  return o;
}

int PreviewCommand(int argc, char** argv) {
  cxxopts::Options o = PreviewCommandOptions();
  Result<cxxopts::ParseResult> args = Parse(o, argc, argv);
  if (!args.ok()) return Fail(args.status());
  if (args->count("help")) return std::cout << o.help(), 0;
  Result<std::string> dir = SpecDir(*args, o);
  if (!dir.ok()) return Fail(dir.status());
  const std::string format = (*args)["format"].as<std::string>();
  if (format != "table" && format != "csv" && format != "json")
    return Fail(Status::Usage("--format " + format + ": use table, csv or json\n\n" + o.help()));
  Result<PlanOptions> popts = ReadPlanOptions(*args);
  if (!popts.ok()) return Fail(popts.status());
  if (popts->tables.size() != 1)
    return Fail(Status::Usage("preview needs exactly one --table\n\n" + o.help()));
  const std::string table = popts->tables[0];
  popts->tables.clear();  // plan every table: references need their parents
  Result<std::unique_ptr<Loaded>> loaded = LoadAndPlan(*dir, *popts);
  if (!loaded.ok()) return Fail(loaded.status());
  const TablePlan* p = (*loaded)->plan->Find(table);
  if (!p) return Fail(Status::Usage("--table " + table + ": no spec defines this table"));

  const TableModel& m = *p->model;
  const uint64_t first = (*args)["offset"].as<uint64_t>();
  if (first >= p->rows && p->rows > 0)
    return Fail(Status::Usage("--offset " + std::to_string(first) + ": " + table + " has " +
                              std::to_string(p->rows) + " rows (offsets 0 to " + std::to_string(p->rows - 1) + ")"));
  // Subtracted, not added: --offset + --rows may not fit in 64 bits.
  const uint64_t last = first + std::min((*args)["rows"].as<uint64_t>(), p->rows - std::min(first, p->rows));
  std::vector<std::vector<Value>> rows;
  RowSource source(*p, nullptr, (*loaded)->plan->options().source_db);  // as into an empty database
  for (uint64_t r = first; r < last; ++r) {
    rows.emplace_back(m.column_count());
    if (Status s = source.Row(r, rows.back().data()); !s.ok()) return Fail(s);
  }
  const std::vector<std::string> names = m.ColumnNames();
  if (format == "table") {
    PrintRows(names, rows);
  } else if (format == "csv") {
    for (size_t c = 0; c < names.size(); ++c) std::cout << (c ? "," : "") << names[c];
    std::cout << '\n';
    for (const auto& row : rows) {
      for (size_t c = 0; c < row.size(); ++c) std::cout << (c ? "," : "") << CsvField(row[c]);
      std::cout << '\n';
    }
  } else {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& row : rows) {
      nlohmann::json obj = nlohmann::json::object();
      for (size_t c = 0; c < row.size(); ++c) obj[names[c]] = JsonValue(row[c]);
      out.push_back(obj);
    }
    std::cout << JsonText(out) << '\n';
  }
  return 0;
}

}  // namespace seed::cli
