CREATE TABLE stores (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  manager_id INTEGER NOT NULL UNIQUE REFERENCES employees(id));
CREATE TABLE employees (id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES stores(id),
  name TEXT NOT NULL);
BEGIN;
PRAGMA defer_foreign_keys = ON;
INSERT INTO stores VALUES (1, 'User store', 1);
INSERT INTO employees VALUES (1, 1, 'User manager'), (2, 1, 'User clerk');
COMMIT;
