CREATE TABLE stores (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL);
CREATE TABLE items (id BIGINT PRIMARY KEY, store_id BIGINT NOT NULL REFERENCES stores(id), name VARCHAR(120) NOT NULL);
CREATE TABLE orders (id BIGINT PRIMARY KEY, store_id BIGINT NOT NULL REFERENCES stores(id), placed_on DATE NOT NULL);
CREATE TABLE order_lines (id BIGINT PRIMARY KEY, order_id BIGINT NOT NULL REFERENCES orders(id),
  item_id BIGINT NOT NULL REFERENCES items(id), shipped_on DATE NOT NULL, quantity INT NOT NULL,
  unit_price NUMERIC(8,2) NOT NULL);
CREATE TABLE departments (id BIGINT PRIMARY KEY, name VARCHAR(80) NOT NULL, head_id BIGINT);
CREATE TABLE employees (id BIGINT PRIMARY KEY, department_id BIGINT NOT NULL REFERENCES departments(id),
  manager_id BIGINT REFERENCES employees(id), name VARCHAR(120) NOT NULL, salary NUMERIC(10,2) NOT NULL);
ALTER TABLE departments ADD FOREIGN KEY (head_id) REFERENCES employees(id);
INSERT INTO stores VALUES (1, 'User store');
INSERT INTO items VALUES (1, 1, 'User item');
INSERT INTO orders VALUES (1, 1, '2021-03-04');
INSERT INTO order_lines VALUES (1, 1, 1, '2021-03-05', 2, 9.50);
INSERT INTO departments VALUES (1, 'User dept', NULL);
INSERT INTO employees VALUES (1, 1, NULL, 'User boss', 90000.00);
UPDATE departments SET head_id = 1 WHERE id = 1;
