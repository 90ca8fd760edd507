CREATE TABLE departments (id BIGINT PRIMARY KEY, name VARCHAR(80) NOT NULL, head_id BIGINT NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP) ENGINE=InnoDB;
CREATE TABLE employees (id BIGINT PRIMARY KEY, department_id BIGINT NOT NULL, manager_id BIGINT NULL,
  name VARCHAR(120) NOT NULL, FOREIGN KEY (department_id) REFERENCES departments(id),
  FOREIGN KEY (manager_id) REFERENCES employees(id)) ENGINE=InnoDB;
ALTER TABLE departments ADD FOREIGN KEY (head_id) REFERENCES employees(id);
INSERT INTO departments VALUES (1, 'User dept', NULL, '2020-01-02 03:04:05');
INSERT INTO employees VALUES (1, 1, NULL, 'User boss'), (2, 1, 1, 'User clerk');
UPDATE departments SET head_id = 1, updated_at = updated_at WHERE id = 1;
