CREATE TABLE departments (id BIGINT PRIMARY KEY, name VARCHAR(80) NOT NULL, head_id BIGINT,
  updated_at TIMESTAMP NOT NULL);
CREATE TABLE employees (id BIGINT PRIMARY KEY, department_id BIGINT NOT NULL REFERENCES departments(id),
  manager_id BIGINT REFERENCES employees(id), name VARCHAR(120) NOT NULL);
ALTER TABLE departments ADD FOREIGN KEY (head_id) REFERENCES employees(id);
INSERT INTO departments VALUES (1, 'User dept', NULL, '2020-01-02 03:04:05');
INSERT INTO employees VALUES (1, 1, NULL, 'User boss'), (2, 1, 1, 'User clerk');
UPDATE departments SET head_id = 1 WHERE id = 1;
