CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  head_id INTEGER REFERENCES employees(id), updated_at DATETIME NOT NULL);
CREATE TABLE employees (id INTEGER PRIMARY KEY, department_id INTEGER NOT NULL REFERENCES departments(id),
  manager_id INTEGER REFERENCES employees(id), name TEXT NOT NULL);
INSERT INTO departments VALUES (1, 'User dept', NULL, '2020-01-02 03:04:05');
INSERT INTO employees VALUES (1, 1, NULL, 'User boss'), (2, 1, 1, 'User clerk');
UPDATE departments SET head_id = 1 WHERE id = 1;
