CREATE TABLE stores (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL, manager_id BIGINT NOT NULL UNIQUE) ENGINE=InnoDB;
CREATE TABLE employees (id BIGINT PRIMARY KEY, store_id BIGINT NOT NULL, name VARCHAR(120) NOT NULL,
  FOREIGN KEY (store_id) REFERENCES stores(id)) ENGINE=InnoDB;
ALTER TABLE stores ADD FOREIGN KEY (manager_id) REFERENCES employees(id);
SET foreign_key_checks = 0;
INSERT INTO stores VALUES (1, 'User store', 1);
INSERT INTO employees VALUES (1, 1, 'User manager'), (2, 1, 'User clerk');
SET foreign_key_checks = 1;
