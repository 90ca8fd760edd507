// One contract, every driver: the same calls through the boundary give the
// same text and the same behaviour on the in-memory fake, SQLite, and each
// server the environment names (SEED_TEST_MYSQL_URL, SEED_TEST_PG_URL).
// Cell text, typed parameters, key selections, deletes, referencing rows,
// the server-side digest, the ledger store and the lock are what the
// executor, ledger and rollback rely on; a new driver passes this first.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <functional>
#include <thread>

#include "engine/core/crc32.h"
#include "engine/driver/registry.h"
#include "engine/exec/checksum.h"
#include "tests/support/fake_driver.h"
#include "tests/support/harness.h"
#include "tests/support/mariadb.h"

namespace seed::test {

namespace {

// A database under test: how to connect (twice, for the lock) and its DDL.
struct Target {
  std::string name;
  std::function<std::unique_ptr<Driver>()> connect;
  std::string ddl;  // conf_items, conf_refs and conf_nums, in the database's SQL ("" for the fake)
};

const char* const kSqliteDdl =
    "CREATE TABLE conf_items (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, price DECIMAL(10,2),"
    " active BOOLEAN, born DATE, seen DATETIME, label VARCHAR(40));"
    "CREATE TABLE conf_refs (id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES conf_items(id));"
    "CREATE TABLE conf_nums (id INTEGER PRIMARY KEY, d DECIMAL(18,2), r REAL, w DECIMAL(18,10));";
const char* const kMysqlDdl =
    "CREATE TABLE conf_items (id BIGINT PRIMARY KEY, qty INT NOT NULL, price DECIMAL(10,2),"
    " active BOOLEAN, born DATE, seen DATETIME, label VARCHAR(40)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;"
    "CREATE TABLE conf_refs (id BIGINT PRIMARY KEY, item_id BIGINT,"
    " FOREIGN KEY (item_id) REFERENCES conf_items(id)) ENGINE=InnoDB;"
    "CREATE TABLE conf_nums (id BIGINT PRIMARY KEY, d DECIMAL(18,2), r DOUBLE, w DECIMAL(18,10)) ENGINE=InnoDB;";
const char* const kPostgresDdl =
    "CREATE TABLE conf_items (id BIGINT PRIMARY KEY, qty INTEGER NOT NULL, price NUMERIC(10,2),"
    " active BOOLEAN, born DATE, seen TIMESTAMP, label VARCHAR(40));"
    "CREATE TABLE conf_refs (id BIGINT PRIMARY KEY, item_id BIGINT REFERENCES conf_items(id));"
    "CREATE TABLE conf_nums (id BIGINT PRIMARY KEY, d NUMERIC(18,2), r DOUBLE PRECISION, w NUMERIC(18,10));";

// Short names for the row tables below.
Value Int(int64_t i) { return Value::Int(i); }
Value Text(const std::string& s) { return Value::Text(s); }
Value Null() { return Value(); }
Value Dec(int64_t unscaled) {
  Value v;
  v.SetDecimal(unscaled, 2);
  return v;
}
Value Bool(bool b) {
  Value v;
  v.SetBool(b);
  return v;
}
Value Date(const std::string& iso) {
  int64_t days = 0;
  REQUIRE(ParseDate(iso, days));
  Value v;
  v.SetDate(days);
  return v;
}
Value DateTime(const std::string& iso) {
  int64_t secs = 0;
  REQUIRE(ParseDateTime(iso, secs));
  Value v;
  v.SetDateTime(secs);
  return v;
}

const std::vector<std::string> kColumns = {"id", "qty", "price", "active", "born", "seen", "label"};

// Six rows: extremes, NULLs, and text every bulk path must escape.
std::vector<Value> Rows() {
  return {
      Int(1), Int(-3), Dec(1250), Bool(true), Date("2024-02-29"), DateTime("2024-02-29 13:45:00"), Text("plain"),
      Int(2), Int(0), Null(), Bool(false), Null(), Null(), Null(),
      Int(3), Int(7), Dec(-99), Null(), Date("1970-01-01"), DateTime("1999-12-31 23:59:59"), Text("tab\there"),
      Int(4), Int(2147483647), Dec(99999999), Bool(true), Date("2038-01-19"), DateTime("2038-01-19 03:14:08"),
      Text("line\nbreak \\ back 'q' \"dq\""),
      Int(5), Int(12), Dec(1), Bool(false), Date("2000-01-01"), DateTime("2000-01-01 00:00:00"), Text("naïve ✓"),
      Int(9000000000), Int(1), Dec(0), Bool(true), Date("2024-12-31"), DateTime("2024-12-31 12:00:00"), Text(""),
  };
}

// The text each row reads back as, cells normalized by their column.
const std::vector<std::string> kExpected = {
    "1|-3|12.50|1|2024-02-29|2024-02-29 13:45:00|plain",
    "2|0|\\N|0|\\N|\\N|\\N",
    "3|7|-0.99|\\N|1970-01-01|1999-12-31 23:59:59|tab\there",
    "4|2147483647|999999.99|1|2038-01-19|2038-01-19 03:14:08|line\nbreak \\ back 'q' \"dq\"",
    "5|12|0.01|0|2000-01-01|2000-01-01 00:00:00|naïve ✓",
    "9000000000|1|0.00|1|2024-12-31|2024-12-31 12:00:00|",
};

std::vector<std::string> Read(Driver& d, const RowSelection& sel) {
  Result<TableSchema> schema = d.catalog().Inspect("conf_items");
  REQUIRE(schema.ok());
  std::vector<std::string> out;
  Status s = d.session().Scan(sel, kColumns, {"id"}, [&](const std::vector<const char*>& c) {
    std::string row;
    for (size_t i = 0; i < c.size(); ++i) row += (i ? "|" : "") + NormalizeCell(c[i], *schema->Find(kColumns[i]));
    out.push_back(row);
  });
  INFO(s.message());
  REQUIRE(s.ok());
  return out;
}

// Numbers read back as the ledger digested them when seeding: rollback
// takes a row whose CRC differs for one a user changed, and keeps it.
// Decimals of every length a DECIMAL(18,2) holds, and doubles at full
// precision, among them ones whose 15-digit rounding is a near tie (a
// database that prints 15 digits itself rounds those its own way).
void CheckNumbersReadBackAsSeeded(Driver& d) {
  Result<TableSchema> nums = d.catalog().Inspect("conf_nums");
  REQUIRE(nums.ok());
  REQUIRE(nums->exists);
  std::vector<Value> rows;  // id, d, r, w (w NULL when inserted, then updated)
  int64_t id = 0;
  auto add = [&](int64_t unscaled, double r) {
    Value f;
    f.type = Type::kFloat, f.f = r;
    rows.insert(rows.end(), {Int(++id), Dec(unscaled), f, Null()});
  };
  int64_t digits = 0;
  for (int n = 1; n <= 18; ++n) {
    digits = digits * 10 + n % 10;
    add(digits, 1.0 / n), add(-digits, -static_cast<double>(digits) / 7);
  }
  for (double tie : {893825.3344941705, 863640.7140301615, 459615.6009965915, 987022.3234976565})
    add(id, tie);
  uint64_t x = 88172645463325252ull;  // xorshift64: the same values everywhere
  for (int k = 0; k < 500; ++k) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    const int64_t unscaled = static_cast<int64_t>(x % 999'999'999'999'999'999ull) - 499'999'999'999'999'999;
    add(unscaled, static_cast<double>(x >> 11) / 9007199254740992.0 * 1e6);
  }
  const size_t width = 4;
  Result<std::unique_ptr<Inserter>> ins = d.session().PrepareInsert(*nums, {"id", "d", "r", "w"});
  REQUIRE(ins.ok());
  REQUIRE(d.session().Begin().ok());
  REQUIRE((*ins)->Insert(rows.data(), rows.size() / width).ok());
  REQUIRE(d.session().Commit().ok());
  // w through the Updater (a second pass, a column filled in place): 18
  // digits at scale 10, the first ones those SQLite's own text conversion
  // rounds to another double than strtod does.
  const int64_t hard[] = {896525352513300553, 301511592480476778, 819716150646680817, 133267912847336540};
  Result<std::unique_ptr<Updater>> up = d.session().PrepareUpdate(*nums, {"w"}, {"id"});
  REQUIRE(up.ok());
  std::vector<Value> set;
  for (size_t row = 0; row * width < rows.size(); ++row) {
    Value& w = rows[row * width + 3];
    w.SetDecimal(row < 4 ? hard[row] : static_cast<int64_t>(x % 999'999'999'999'999'999ull), 10);
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    set.insert(set.end(), {w, rows[row * width]});
  }
  REQUIRE(d.session().Begin().ok());
  REQUIRE((*up)->Update(set.data(), set.size() / 2).ok());
  REQUIRE(d.session().Commit().ok());
  const std::vector<std::string> columns = {"id", "d", "r", "w"};
  RowCrc crc({nums->Find("id"), nums->Find("d"), nums->Find("r"), nums->Find("w")});
  size_t row = 0, differ = 0;
  std::string examples;
  Status s = d.session().Scan(RowSelection::All("conf_nums"), columns, {"id"}, [&](const std::vector<const char*>& c) {
    std::string line;
    for (size_t i = 0; i < c.size(); ++i) line += (i ? "\t" : "") + NormalizeCell(c[i], *nums->Find(columns[i]));
    if (row * width < rows.size() && crc.Of(&rows[row * width]) != Crc32(line.data(), line.size()) && ++differ <= 3)
      examples += "\n  seeded " + rows[row * width + 1].ToText() + " " + rows[row * width + 2].ToText() + " " +
                  rows[row * width + 3].ToText() + ", read " + line;
    ++row;
  });
  REQUIRE(s.ok());
  CHECK(row * width == rows.size());
  INFO("rows that read back otherwise:" << examples);
  CHECK(differ == 0);
}

void CheckContract(const Target& t) {
  INFO("driver: " << t.name);
  std::unique_ptr<Driver> d = t.connect();
  REQUIRE(d);
  Session& db = d->session();
  if (!t.ddl.empty()) REQUIRE(db.ExecScript(t.ddl).ok());

  // The catalog.
  Result<TableSchema> items = d->catalog().Inspect("conf_items");
  REQUIRE(items.ok());
  REQUIRE(items->exists);
  CHECK(items->primary_key == std::vector<std::string>{"id"});
  CHECK(items->Find("id")->cls == ColumnClass::kInteger);
  CHECK(items->Find("price")->cls == ColumnClass::kDecimal);
  CHECK(items->Find("price")->scale == 2);
  CHECK(items->Find("label")->length == 40u);
  CHECK(items->Find("qty")->not_null);
  CHECK_FALSE(d->catalog().Inspect("conf_missing")->exists);
  Result<std::vector<ReferencingKey>> refs = d->catalog().ReferencingKeys("conf_items");
  REQUIRE(refs.ok());
  REQUIRE(refs->size() == 1);
  CHECK(refs->at(0).table == "conf_refs");
  CHECK(refs->at(0).column == "item_id");
  CHECK(refs->at(0).ref_column == "id");

  // Typed values in, one text out, through the bulk path.
  Result<std::unique_ptr<Inserter>> ins = db.PrepareInsert(*items, kColumns);
  REQUIRE(ins.ok());
  const std::vector<Value> rows = Rows();
  REQUIRE(db.Begin().ok());
  Status put = (*ins)->Insert(rows.data(), rows.size() / kColumns.size());
  INFO(put.message());
  REQUIRE(put.ok());
  REQUIRE(db.Commit().ok());
  CHECK(Read(*d, RowSelection::All("conf_items")) == kExpected);
  CHECK(*db.CountRows("conf_items") == 6);
  CHECK(**db.MaxKey("conf_items", "id") == 9000000000);
  CHECK_FALSE(*db.MaxKey("conf_refs", "id"));

  // Selections.
  RowSelection range = RowSelection::Range("conf_items", "id", 2, 5);
  range.except = {3};
  CHECK(Read(*d, range) == std::vector<std::string>{kExpected[1], kExpected[3], kExpected[4]});
  CHECK(Read(*d, RowSelection::Keys("conf_items", {"id"}, {{Int(9000000000)}, {Int(1)}, {Int(77)}})) ==
        std::vector<std::string>{kExpected[0], kExpected[5]});
  CHECK(Read(*d, RowSelection::Keys("conf_items", {"id", "qty"}, {{Int(3), Int(7)}, {Int(4), Int(0)}})) ==
        std::vector<std::string>{kExpected[2]});
  CHECK(Read(*d, RowSelection::Keys("conf_items", {"id"}, {})).empty());

  // The server's digest, where it has one, is the engine's over the raw text.
  Result<std::optional<Session::Digest>> digest = db.ServerDigest(RowSelection::Range("conf_items", "id", 1, 5),
                                                                  {"id", "qty", "label"});
  REQUIRE(digest.ok());
  if (*digest) {
    uint64_t crc = 0;
    REQUIRE(db.Scan(RowSelection::Range("conf_items", "id", 1, 5), {"id", "qty", "label"}, {},
                    [&](const std::vector<const char*>& c) {
                      std::string line;
                      for (size_t i = 0; i < c.size(); ++i) line += (i ? "\t" : "") + std::string(c[i] ? c[i] : "\\N");
                      crc ^= Crc32(line.data(), line.size());
                    })
                .ok());
    CHECK((*digest)->rows == 5);
    CHECK((*digest)->crc == crc);
  }

  // Referencing rows, and rows spared from the check.
  Result<TableSchema> ref_schema = d->catalog().Inspect("conf_refs");
  Result<std::unique_ptr<Inserter>> ref_ins = db.PrepareInsert(*ref_schema, {"id", "item_id"});
  REQUIRE(ref_ins.ok());
  const std::vector<Value> ref_rows = {Int(10), Int(4), Int(11), Null()};
  REQUIRE(db.Begin().ok());
  REQUIRE((*ref_ins)->Insert(ref_rows.data(), 2).ok());
  REQUIRE(db.Commit().ok());
  const ReferencingKey& fk = refs->at(0);
  CHECK(**db.FindReferencing(fk, RowSelection::Range("conf_items", "id", 1, 5), nullptr) == "4");
  CHECK_FALSE(*db.FindReferencing(fk, RowSelection::Range("conf_items", "id", 5, 9000000000), nullptr));
  const RowSelection spared = RowSelection::Range("conf_refs", "id", 10, 10);
  CHECK_FALSE(*db.FindReferencing(fk, RowSelection::Range("conf_items", "id", 1, 5), &spared));

  // SetNull changes only the selected rows that are not NULL yet.
  REQUIRE(db.Begin().ok());
  Result<uint64_t> unlinked = db.SetNull(RowSelection::Range("conf_refs", "id", 10, 11), {"item_id"});
  REQUIRE(unlinked.ok());
  CHECK(*unlinked == 1);
  CHECK_FALSE(*db.FindReferencing(fk, RowSelection::Range("conf_items", "id", 1, 5), nullptr));
  REQUIRE(db.Rollback().ok());
  CHECK(**db.FindReferencing(fk, RowSelection::Range("conf_items", "id", 1, 5), nullptr) == "4");

  // Deletes count what went and respect foreign keys.
  REQUIRE(db.Begin().ok());
  RowSelection doomed = RowSelection::Range("conf_items", "id", 1, 3);
  doomed.except = {2};
  Result<uint64_t> gone = db.Delete(doomed);
  REQUIRE(gone.ok());
  CHECK(*gone == 2);
  REQUIRE(db.Commit().ok());
  CHECK(*db.CountRows("conf_items") == 4);
  REQUIRE(db.Begin().ok());
  CHECK_FALSE(db.Delete(RowSelection::Keys("conf_items", {"id"}, {{Int(4)}})).ok());
  REQUIRE(db.Rollback().ok());
  CHECK(*db.CountRows("conf_items") == 4);

  // Transactions and savepoints.
  REQUIRE(db.Begin().ok());
  REQUIRE(db.Savepoint().ok());
  REQUIRE(db.Delete(RowSelection::Keys("conf_items", {"id"}, {{Int(5)}})).ok());
  REQUIRE(db.RollbackToSavepoint().ok());
  REQUIRE(db.ReleaseSavepoint().ok());
  REQUIRE(db.Delete(RowSelection::Keys("conf_items", {"id"}, {{Int(2)}})).ok());
  REQUIRE(db.Rollback().ok());
  CHECK(*db.CountRows("conf_items") == 4);

  // The ledger store.
  LedgerStore& ledger = d->ledger();
  CHECK(*ledger.Version() == 0);
  REQUIRE(ledger.Migrate().ok());
  CHECK(*ledger.Version() == kLedgerVersion);
  REQUIRE(ledger.Migrate().ok());  // idempotent
  LedgerRun run;
  run.run_id = "r1", run.kind = "seed", run.status = "running", run.env = "dev", run.size = "small";
  run.seed = 18446744073709551615ull, run.started_at = "2026-12-02T00:00:00Z", run.host = "h", run.user = "u",
  run.engine_version = "t";
  REQUIRE(ledger.InsertRun(run).ok());
  REQUIRE(ledger.FinishRun("r1", "done", "2026-12-02T00:01:00Z").ok());
  Result<std::vector<LedgerRun>> runs = ledger.Runs();
  REQUIRE(runs->size() == 1);
  CHECK(runs->at(0).status == "done");
  CHECK(runs->at(0).finished_at == "2026-12-02T00:01:00Z");
  CHECK(runs->at(0).seed == run.seed);
  LedgerTable table;
  table.table = "conf_items", table.run_id = "r1", table.spec_hash = "abc", table.size = "small";
  table.key_column = "id", table.seed = 42, table.rows = 6, table.batch_rows = 5000, table.key_base = -7;
  table.second_pass = SecondPass::kPending;
  REQUIRE(db.Begin().ok());
  REQUIRE(ledger.InsertTable(table).ok());
  LedgerBatch b;
  b.table = "conf_items", b.run_id = "r1", b.first_row = 5000, b.end_row = 6000, b.inserted = 999;
  b.key_lo = "4", b.key_hi = "9000000000", b.row_crc = 4294967295u, b.committed_at = "2026-12-02T00:00:30Z";
  REQUIRE(ledger.InsertBatch(b).ok());
  b.first_row = 0, b.end_row = 5000;
  REQUIRE(ledger.InsertBatch(b).ok());
  REQUIRE(db.Commit().ok());
  CHECK_FALSE(ledger.InsertBatch(b).ok());  // (table, first row) is unique
  REQUIRE(ledger.SetSecondPass("conf_items", SecondPass::kDone).ok());
  Result<std::vector<LedgerTable>> tables = ledger.Tables();
  REQUIRE(tables->size() == 1);
  CHECK(tables->at(0).key_base == -7);
  CHECK(tables->at(0).second_pass == SecondPass::kDone);
  Result<std::vector<LedgerBatch>> batches = ledger.Batches();
  REQUIRE(batches->size() == 2);
  CHECK(batches->at(0).first_row == 0);  // in row order
  CHECK(batches->at(1).key_hi == "9000000000");
  CHECK(batches->at(1).row_crc == 4294967295u);
  REQUIRE(ledger.DeleteTable("conf_items").ok());
  CHECK(ledger.Tables()->empty());
  CHECK(ledger.Batches()->empty());

  // One run at a time.
  REQUIRE(d->lock().Acquire(0).ok());
  CHECK(d->lock().Check().ok());
  std::unique_ptr<Driver> other = t.connect();
  Status second = other->lock().Acquire(0);
  CHECK(second.code() == Code::kLock);
  CHECK_FALSE(other->lock().Holder()->empty());
  d.reset();  // the holder ends: the lock is free
  CHECK(other->lock().Acquire(0).ok());
  CheckNumbersReadBackAsSeeded(*other);
}

// Two sessions that each lock a row the other then wants: the database
// aborts one of them, and the driver says so as Code::kConflict (the
// executor runs such a transaction again), not as a plain error.
void CheckDeadlockIsConflict(const Target& t) {
  INFO("driver: " << t.name);
  std::unique_ptr<Driver> a = t.connect(), b = t.connect();
  REQUIRE(a->session().ExecScript("INSERT INTO conf_items (id, qty) VALUES (9101, 1), (9102, 1)").ok());
  Result<TableSchema> items = a->catalog().Inspect("conf_items");
  REQUIRE(items.ok());
  // Through the executor's own path: an Updater in a transaction.
  auto update = [&](Driver& d, int64_t id, int64_t qty) {
    Result<std::unique_ptr<Updater>> up = d.session().PrepareUpdate(*items, {"qty"}, {"id"});
    if (!up.ok()) return up.status();
    const Value row[] = {Int(qty), Int(id)};
    return (*up)->Update(row, 1);
  };
  REQUIRE(a->session().Begin().ok());
  REQUIRE(b->session().Begin().ok());
  REQUIRE(update(*a, 9101, 2).ok());
  REQUIRE(update(*b, 9102, 2).ok());
  Status first;
  std::thread waiter([&] { first = update(*a, 9102, 3); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a waits for b's row
  const Status second = update(*b, 9101, 3);
  if (second.ok()) (void)b->session().Rollback();  // a was the victim
  waiter.join();
  INFO(first.message() << " / " << second.message());
  CHECK(first.ok() != second.ok());  // exactly one victim
  CHECK((first.ok() ? second : first).code() == Code::kConflict);
  (void)a->session().Rollback();
  (void)b->session().Rollback();
  CHECK(a->session().ExecScript("DELETE FROM conf_items WHERE id IN (9101, 9102)").ok());
}


}  // namespace

TEST_CASE("driver contract: the in-memory fake", "[driver][contract]") {
  FakeDatabase fake;
  fake.CreateTable("conf_items", "id INTEGER PRIMARY KEY, qty INTEGER NOT NULL, price DECIMAL(10,2), active BOOLEAN,"
                                 " born DATE, seen DATETIME, label VARCHAR(40)");
  fake.CreateTable("conf_refs", "id INTEGER PRIMARY KEY, item_id INTEGER REFERENCES conf_items(id)");
  fake.CreateTable("conf_nums", "id INTEGER PRIMARY KEY, d DECIMAL(18,2), r REAL, w DECIMAL(18,10)");
  CheckContract({"fake", [&] { return std::unique_ptr<Driver>(fake.Connect()); }, ""});
}

TEST_CASE("driver contract: SQLite", "[driver][contract][sqlite]") {
  TempDir dir;
  const std::string url = "sqlite:" + dir / "c.db";
  CheckContract({"sqlite", [&] { return std::move(*OpenDriver(url)); }, kSqliteDdl});
}

TEST_CASE("driver contract: MariaDB", "[driver][contract][mariadb]") {
  REQUIRE_SERVER(server);
  ScratchDb scratch(server, "contract");
  Result<std::unique_ptr<Driver>> probe = OpenDriver(scratch.Url());
  if (!probe.ok() && probe.status().message().find("built without") != std::string::npos) {
    WARN("this build has no MySQL driver; test skipped");
    return;
  }
  CheckContract({"mariadb", [&] { return std::move(*OpenDriver(scratch.Url())); }, kMysqlDdl});
  CheckDeadlockIsConflict({"mariadb", [&] { return std::move(*OpenDriver(scratch.Url())); }, kMysqlDdl});
}

TEST_CASE("driver contract: PostgreSQL", "[driver][contract][postgres]") {
  const char* url = std::getenv("SEED_TEST_PG_URL");
  if (!url || !*url) {
    WARN("PostgreSQL not available: set SEED_TEST_PG_URL (tools/postgres.sh start); test skipped");
    return;
  }
  Result<std::unique_ptr<Driver>> probe = OpenDriver(url);
  if (!probe.ok()) {
    WARN("PostgreSQL driver unavailable: " << probe.status().message() << "; test skipped");
    return;
  }
  // The contract's own tables, dropped first: the database is shared.
  REQUIRE((*probe)->session().ExecScript("DROP TABLE IF EXISTS conf_nums, conf_refs, conf_items, seed_engine_batches,"
                                         " seed_engine_tables, seed_engine_runs, seed_engine_meta").ok());
  probe->reset();
  CheckContract({"postgres", [&] { return std::move(*OpenDriver(url)); }, kPostgresDdl});
  CheckDeadlockIsConflict({"postgres", [&] { return std::move(*OpenDriver(url)); }, kPostgresDdl});
}

}  // namespace seed::test
