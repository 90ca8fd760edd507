// A table filled from empty, loaded the way pg_restore loads it: its
// foreign keys and secondary indexes are dropped just before its COPY and
// put back, exactly as they were, just after it, all inside the load's own
// transaction. PostgreSQL's DDL is transactional, so a run killed in
// between leaves the table empty with every constraint and index in place,
// and other sessions never see the table without them (they wait on its
// lock instead). Putting a foreign key back validates every row with one
// set-based check: the proof that no orphan was loaded.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"

namespace seed {

class PgConn;

// What DetachForLoad took off a table, as the statements that put it back.
struct DetachedDdl {
  std::vector<std::string> indexes;  // CREATE INDEX ..., from pg_get_indexdef
  std::vector<std::string>
      constraints;  // ADD CONSTRAINT "name" FOREIGN KEY ..., from pg_get_constraintdef
  bool empty() const { return indexes.empty() && constraints.empty(); }
};

// Drops the foreign keys and secondary (non-unique, non-constraint) indexes
// of `table` that can be put back exactly, inside the connection's open
// transaction. Drops nothing (an empty result, and the load keeps its
// per-row checks) when no transaction is open, when the user does not own
// the table (or lacks REFERENCES on a parent), or when a lock it needs is
// not granted within kDetachLockWait (dropping a foreign key also locks the
// referenced table ACCESS EXCLUSIVE until the load commits). Left alone:
// NOT VALID keys, keys and indexes with a comment, partitioned tables and
// partitions, indexes that back a constraint, are clustered, sit in
// another tablespace or carry per-column statistics targets.
DetachedDdl DetachForLoad(PgConn& conn, const std::string& table);

// Puts back what DetachForLoad dropped, in the same transaction: the
// indexes are built from the loaded rows, then each foreign key is added
// and validated. A row without its parent fails with the constraint's name
// and the key, and the caller's rollback undoes the whole load.
Status ReattachAfterLoad(PgConn& conn, const std::string& table, const DetachedDdl& ddl);

// How long the drop waits for its locks before giving up on the fast path.
inline constexpr int kDetachLockWaitMs = 2000;

}  // namespace seed
