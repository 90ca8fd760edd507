// Dates and times: date, datetime, time, timestamp, date_offset, month_name,
// weekday.
#include "engine/core/utf8.h"
#include "engine/gen/distribution.h"
#include "engine/gen/gen_util.h"

namespace seed {

namespace {

constexpr int64_t kDay = kSecondsPerDay;

// A range [lo, hi] of day/second counts drawn like an int column.
template <typename Set>
std::unique_ptr<Generator> Uniform(GenArgs& a, Type type, int64_t lo, int64_t hi, Set set) {
  if (lo > hi) {
    a.options->Error("to", "must not be before from");
    return nullptr;
  }
  const uint64_t n = static_cast<uint64_t>(hi - lo) + 1;
  GenTraits t;
  t.type = type;
  t.distinct = n;
  t.unique = a.unique;
  t.min = Value(), t.max = Value();
  set(*t.min, lo), set(*t.max, hi);
  Distribution d = Distribution::Read(a, static_cast<double>(lo), static_cast<double>(hi), 1);
  if (a.unique && d.kind() != Distribution::kUniform)
    a.options->Error("distribution", "a unique column needs the uniform distribution");
  Picker pick(a.key, n, a.unique);
  const uint64_t key = a.key;
  return MakeGen(t, [=](const GenContext& c, Value& out) {
    set(out, lo + static_cast<int64_t>(pick.unique() ? pick(c.row) : d.Index(key, c.row, n)));
  });
}

int64_t Days(const char* text) {
  int64_t d = 0;
  ParseDate(text, d);
  return d;
}

std::unique_ptr<Generator> Date(GenArgs& a) {
  const int64_t lo = a.options->Date("from").value_or(Days("2020-01-01"));
  const int64_t hi = a.options->Date("to").value_or(Days("2024-12-31"));
  return Uniform(a, Type::kDate, lo, hi, [](Value& v, int64_t x) { v.SetDate(x); });
}

std::unique_ptr<Generator> DateTime(GenArgs& a) {
  const int64_t lo = a.options->DateTime("from").value_or(Days("2020-01-01") * kDay);
  const int64_t hi = a.options->DateTime("to").value_or(Days("2024-12-31") * kDay + kDay - 1);
  return Uniform(a, Type::kDateTime, lo, hi, [](Value& v, int64_t x) { v.SetDateTime(x); });
}

std::unique_ptr<Generator> Time(GenArgs& a) {
  const int64_t lo = a.options->Time("from").value_or(0);
  const int64_t hi = a.options->Time("to").value_or(kDay - 1);
  return Uniform(a, Type::kTime, lo, hi, [](Value& v, int64_t x) { v.SetTime(x); });
}

std::unique_ptr<Generator> Timestamp(GenArgs& a) {
  const int64_t lo = a.options->DateTime("from").value_or(Days("2020-01-01") * kDay);
  const int64_t hi = a.options->DateTime("to").value_or(Days("2024-12-31") * kDay + kDay - 1);
  return Uniform(a, Type::kInt, lo, hi, [](Value& v, int64_t x) { v.SetInt(x); });
}

// A date or datetime a random offset after (or before) another column's.
std::unique_ptr<Generator> DateOffset(GenArgs& a) {
  Options& o = *a.options;
  GenTraits t;
  const std::string from = o.Str("column", "");
  if (from.empty()) {
    o.Error("column", "is required: the date or datetime column to offset from");
    return nullptr;
  }
  const int c = SameRowColumn(a, "column", from, t);
  if (c < 0) return nullptr;
  const Type type = a.env->ColumnGenerator(c)->traits().type;
  if (type != Type::kDate && type != Type::kDateTime) {
    o.Error("column", "'" + from + "' holds " + TypeName(type) + " values, not dates or datetimes");
    return nullptr;
  }
  const std::string unit = o.Str("unit", type == Type::kDate ? "days" : "hours");
  int64_t mult = 0;
  if (unit == "days") mult = type == Type::kDate ? 1 : kDay;
  else if (unit == "hours" && type == Type::kDateTime) mult = 3600;
  else if (unit == "minutes" && type == Type::kDateTime) mult = 60;
  else if (unit == "seconds" && type == Type::kDateTime) mult = 1;
  else {
    o.Error("unit", type == Type::kDate ? "must be days for a date column"
                                        : "must be days, hours, minutes or seconds");
    return nullptr;
  }
  // No offset larger than the calendar (years 1..9999) can give a valid
  // date from any base; refusing those keeps offset * unit far inside int64.
  const int64_t cal = type == Type::kDate ? kMaxDay - kMinDay
                                          : ((kMaxDay - kMinDay + 1) * kSecondsPerDay - 1) / mult;
  const std::string why = " (" + unit + "; years 0001..9999 span no more)";
  const int64_t lo = o.IntIn("min", 0, -cal, cal, why), hi = o.IntIn("max", 30, -cal, cal, why);
  if (lo > hi) {
    o.Error("max", "must not be less than min");
    return nullptr;
  }
  // Results in the base's unit (days or seconds) that a column may hold.
  const int64_t first = type == Type::kDate ? kMinDay : kMinDay * kSecondsPerDay;
  const int64_t last = type == Type::kDate ? kMaxDay : (kMaxDay + 1) * kSecondsPerDay - 1;
  const GenTraits& bt = a.env->ColumnGenerator(c)->traits();
  if (bt.min && bt.max && bt.min->type == type && bt.max->type == type) {
    // The base's bounds are known: refuse offsets that leave the calendar
    // now, rather than give NULL cells at run time.
    const __int128 low = static_cast<__int128>(bt.min->i) + lo * mult;
    const __int128 high = static_cast<__int128>(bt.max->i) + hi * mult;
    if (low < first || high > last) {
      o.Error(low < first ? "min" : "max", "moves '" + from + "' (" + bt.min->ToText() + " .. " +
                                               bt.max->ToText() + ") outside years 0001..9999");
      return nullptr;
    }
    t.min = *bt.min, t.max = *bt.max;
    t.min->i = static_cast<int64_t>(low), t.max->i = static_cast<int64_t>(high);
  }
  t.type = type;
  const uint64_t key = a.key, n = static_cast<uint64_t>(hi - lo) + 1;
  return MakeGen(t, [=](const GenContext& ctx, Value& out) {
    const Value& base = ctx.values[c];
    if (base.is_null()) return out.SetNull();
    // A base of unknown range (an expression) may still leave the calendar:
    // NULL then, like date arithmetic in expressions. 128 bits cannot overflow.
    const int64_t offset = lo + static_cast<int64_t>(Below(Draw(key, ctx.row), n));
    const __int128 x = static_cast<__int128>(base.i) + offset * mult;
    if (x < first || x > last) return out.SetNull();
    out.type = base.type;
    out.i = static_cast<int64_t>(x);
  });
}

std::unique_ptr<Generator> FromList(GenArgs& a, std::vector<std::string> names) {
  GenTraits t;
  t.type = Type::kString;
  t.distinct = names.size();
  for (const auto& n : names) t.max_length = std::max(t.max_length, Utf8Length(n));
  t.members = names;
  const uint64_t key = a.key;
  return MakeGen(t, [names, key](const GenContext& c, Value& out) {
    out.SetString(names[Below(Draw(key, c.row), names.size())]);
  });
}

// from/to (of `type`, defaults `from`/`to`) and the distribution options,
// whose mean and stddev are in the range's own units.
std::vector<OptionDecl> RangeOptions(OptionType type, const std::string& from, const std::string& to,
                                     const std::string& mean_unit, const std::string& spread_unit) {
  return WithDistribution({Opt("from", type, from, "earliest value"), Opt("to", type, to, "latest value")},
                          mean_unit, spread_unit);
}

// datetime and timestamp read the same options.
std::vector<OptionDecl> DateTimeRangeOptions() {
  return RangeOptions(OptionType::kDateTime, "2020-01-01 00:00:00", "2024-12-31 23:59:59", "as Unix seconds",
                      "in seconds");
}

}  // namespace

void RegisterTemporalGenerators(Registry& r) {
  r.Add({.name = "date",
         .summary = "date in [from, to] (default 2020-01-01..2024-12-31); distributions; unique ok",
         .factory = Date,
         .options = RangeOptions(OptionType::kDate, "2020-01-01", "2024-12-31", "as days since 1970-01-01",
                                 "in days"),
         .example = "signup_date: date\nbirth_date: {generator: date, from: 1950-01-01, to: 2005-12-31}"});
  r.Add({.name = "datetime",
         .summary = "datetime in [from, to] to the second; distributions; unique ok",
         .factory = DateTime,
         .options = DateTimeRangeOptions(),
         .example = "created_at: {generator: datetime, from: \"2024-01-01 00:00:00\", to: \"2024-06-30 23:59:59\"}"});
  r.Add({.name = "time",
         .summary = "time of day in [from, to] (default 00:00:00..23:59:59)",
         .factory = Time,
         .options = RangeOptions(OptionType::kTime, "00:00:00", "23:59:59", "as seconds after midnight",
                                 "in seconds"),
         .example = "opens_at: {generator: time, from: \"07:00:00\", to: \"10:00:00\"}"});
  r.Add({.name = "timestamp",
         .summary = "Unix seconds for a datetime in [from, to]",
         .factory = Timestamp,
         .options = DateTimeRangeOptions(),
         .example = "last_seen: {generator: timestamp, from: \"2024-01-01 00:00:00\", to: \"2024-12-31 23:59:59\"}"});
  r.Add({.name = "date_offset",
         .summary = "column + a random offset in [min, max] units (days|hours|minutes|seconds)",
         .factory = DateOffset,
         .options = {Opt("column", OptionType::kColumn, "", "the date or datetime column to offset").Required(),
                     OptEnum("unit", {"days", "hours", "minutes", "seconds"}, "",
                             "unit of min and max (default: days for a date, hours for a datetime; a date "
                             "takes days only)"),
                     Opt("min", OptionType::kInt, "0", "smallest offset in units, may be negative"),
                     Opt("max", OptionType::kInt, "30", "largest offset in units")},
         .example = "ordered_on: date\nshipped_on: {generator: date_offset, column: ordered_on, min: 1, max: 5}\n"
                    "placed_at: datetime\n"
                    "paid_at: {generator: date_offset, column: placed_at, unit: minutes, min: 0, max: 90}"});
  r.Add({.name = "month_name",
         .summary = "January..December",
         .factory = [](GenArgs& a) {
           return FromList(a, {"January", "February", "March", "April", "May", "June", "July", "August",
                               "September", "October", "November", "December"});
         },
         .example = "birth_month: month_name"});
  r.Add({.name = "weekday",
         .summary = "Monday..Sunday",
         .factory = [](GenArgs& a) {
           return FromList(a, {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"});
         },
         .example = "delivery_day: weekday"});
}

}  // namespace seed
