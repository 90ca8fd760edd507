// The pg_restore order for one table's COPY (postgres_load.h).
#include "engine/driver/postgres/postgres_load.h"

#include <libpq-fe.h>

#include "engine/driver/postgres/postgres_conn.h"
#include "engine/driver/postgres/postgres_driver.h"

namespace seed {

namespace {

// The table, in the current schema, a plain table (not partitioned, not a
// partition) that the current user owns (directly or through a role).
const char kOwnedTable[] =
    " JOIN pg_class c ON c.oid = {rel} JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND c.relname = $1 AND c.relkind = 'r'"
    " AND NOT c.relispartition AND pg_has_role(c.relowner, 'USAGE')";

std::string OwnedTable(const std::string& rel) {
  std::string s = kOwnedTable;
  return s.replace(s.find("{rel}"), 5, rel);
}

// Validated foreign keys of the table's own (not inherited from a
// partitioned parent), to plain parent tables the user may reference.
std::string ForeignKeysSql() {
  return "SELECT k.conname, pg_get_constraintdef(k.oid) FROM pg_constraint k" +
         OwnedTable("k.conrelid") +
         " AND k.contype = 'f' AND k.convalidated AND k.conparentid = 0"
         " AND (SELECT p.relkind FROM pg_class p WHERE p.oid = k.confrelid) = 'r'"
         " AND has_table_privilege(k.confrelid, 'REFERENCES')"
         " AND obj_description(k.oid, 'pg_constraint') IS NULL"
         " ORDER BY k.conname";
}

// Indexes that pg_get_indexdef gives back whole: no constraint behind
// them (primary key, unique, exclusion), no uniqueness, in the default
// tablespace, not clustered, no comment, no column statistics target.
std::string IndexesSql() {
  return "SELECT ic.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
         " JOIN pg_class ic ON ic.oid = i.indexrelid" +
         OwnedTable("i.indrelid") +
         " AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion"
         " AND NOT i.indisclustered AND NOT i.indisreplident AND i.indisvalid AND i.indisready"
         " AND ic.reltablespace = 0 AND NOT ic.relispartition"
         " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
         " AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = i.indexrelid"
         "                 AND a.attstattarget >= 0)"
         " AND obj_description(i.indexrelid, 'pg_class') IS NULL"
         " ORDER BY ic.relname";
}

// The DROP statements for what `ddl` will put back, and `ddl` itself;
// empty when there is nothing to drop.
Result<std::vector<std::string>> ReadDetachable(PgConn& conn, const std::string& table,
                                                DetachedDdl& ddl) {
  std::vector<std::string> drops;
  std::string fk_drop;
  Status s =
      conn.Query(ForeignKeysSql(), {Value::Text(table)}, [&](const std::vector<const char*>& r) {
        const std::string name = PostgresQuote(r[0]);
        fk_drop += (fk_drop.empty() ? "ALTER TABLE " + PostgresQuote(table) : std::string(",")) +
                   " DROP CONSTRAINT " + name;
        ddl.constraints.push_back("ADD CONSTRAINT " + name + " " + r[1]);
      });
  if (!s.ok()) return s;
  if (!fk_drop.empty()) drops.push_back(fk_drop);
  std::string index_drop;
  s = conn.Query(IndexesSql(), {Value::Text(table)}, [&](const std::vector<const char*>& r) {
    index_drop += (index_drop.empty() ? "DROP INDEX " : ", ") + PostgresQuote(r[0]);
    ddl.indexes.push_back(r[1]);
  });
  if (!s.ok()) return s;
  if (!index_drop.empty()) drops.push_back(index_drop);
  return drops;
}

}  // namespace

DetachedDdl DetachForLoad(PgConn& conn, const std::string& table) {
  // Outside a transaction each DROP would commit on its own: never.
  if (PQtransactionStatus(conn.get()) != PQTRANS_INTRANS) return {};
  // Everything under a savepoint, so that a lock not granted in time (or
  // any other refusal) leaves the transaction as it was and the load
  // keeps its checks. The short lock_timeout applies to the drops only.
  if (!conn.Exec("SAVEPOINT seed_load").ok()) return {};
  DetachedDdl ddl;
  Result<std::vector<std::string>> drops = ReadDetachable(conn, table, ddl);
  Result<std::string> timeout = drops.ok()
                                    ? conn.QueryValue("SELECT current_setting('lock_timeout')")
                                    : Result<std::string>(drops.status());
  Status s = timeout.ok()
                 ? conn.Exec("SET LOCAL lock_timeout = " + std::to_string(kDetachLockWaitMs))
                 : timeout.status();
  for (size_t i = 0; s.ok() && i < drops->size(); ++i) s = conn.Exec((*drops)[i]);
  if (s.ok())
    s = conn.Query("SELECT set_config('lock_timeout', $1, true)", {Value::Text(*timeout)}, nullptr);
  if (s.ok()) s = conn.Exec("RELEASE SAVEPOINT seed_load");
  if (s.ok()) return ddl;
  (void)conn.Exec("ROLLBACK TO SAVEPOINT seed_load");
  (void)conn.Exec("RELEASE SAVEPOINT seed_load");
  return {};
}

Status ReattachAfterLoad(PgConn& conn, const std::string& table, const DetachedDdl& ddl) {
  for (const std::string& sql : ddl.indexes)
    if (Status s = conn.Exec(sql, table + ": re-creating an index after COPY"); !s.ok()) return s;
  if (ddl.constraints.empty()) return Status::Ok();
  std::string sql = "ALTER TABLE " + PostgresQuote(table);
  for (size_t i = 0; i < ddl.constraints.size(); ++i) sql += (i ? ", " : " ") + ddl.constraints[i];
  return conn.Exec(sql, table + ": foreign key check after COPY");
}

}  // namespace seed
