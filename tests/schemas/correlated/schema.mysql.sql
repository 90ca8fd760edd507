CREATE TABLE stores (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL) ENGINE=InnoDB;
CREATE TABLE items (id BIGINT PRIMARY KEY, store_id BIGINT NOT NULL, name VARCHAR(120) NOT NULL,
  FOREIGN KEY (store_id) REFERENCES stores(id)) ENGINE=InnoDB;
CREATE TABLE orders (id BIGINT PRIMARY KEY, store_id BIGINT NOT NULL, placed_on DATE NOT NULL,
  FOREIGN KEY (store_id) REFERENCES stores(id)) ENGINE=InnoDB;
CREATE TABLE order_lines (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL, item_id BIGINT NOT NULL,
  shipped_on DATE NOT NULL, quantity INT NOT NULL, unit_price DECIMAL(8,2) NOT NULL,
  FOREIGN KEY (order_id) REFERENCES orders(id), FOREIGN KEY (item_id) REFERENCES items(id)) ENGINE=InnoDB;
CREATE TABLE departments (id BIGINT PRIMARY KEY, name VARCHAR(80) NOT NULL, head_id BIGINT) ENGINE=InnoDB;
CREATE TABLE employees (id BIGINT PRIMARY KEY, department_id BIGINT NOT NULL, manager_id BIGINT,
  name VARCHAR(120) NOT NULL, salary DECIMAL(10,2) NOT NULL,
  FOREIGN KEY (department_id) REFERENCES departments(id),
  FOREIGN KEY (manager_id) REFERENCES employees(id)) ENGINE=InnoDB;
ALTER TABLE departments ADD FOREIGN KEY (head_id) REFERENCES employees(id);
INSERT INTO stores VALUES (1, 'User store');
INSERT INTO items VALUES (1, 1, 'User item');
INSERT INTO orders VALUES (1, 1, '2021-03-04');
INSERT INTO order_lines VALUES (1, 1, 1, '2021-03-05', 2, 9.50);
INSERT INTO departments VALUES (1, 'User dept', NULL);
INSERT INTO employees VALUES (1, 1, NULL, 'User boss', 90000.00);
UPDATE departments SET head_id = 1 WHERE id = 1;
