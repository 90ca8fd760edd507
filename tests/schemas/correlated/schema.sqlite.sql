CREATE TABLE stores (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE items (id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES stores(id), name TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, store_id INTEGER NOT NULL REFERENCES stores(id),
  placed_on DATE NOT NULL);
CREATE TABLE order_lines (id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL REFERENCES orders(id),
  item_id INTEGER NOT NULL REFERENCES items(id), shipped_on DATE NOT NULL, quantity INTEGER NOT NULL,
  unit_price NUMERIC(8,2) NOT NULL);
CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  head_id INTEGER REFERENCES employees(id));
CREATE TABLE employees (id INTEGER PRIMARY KEY, department_id INTEGER NOT NULL REFERENCES departments(id),
  manager_id INTEGER REFERENCES employees(id), name TEXT NOT NULL, salary NUMERIC(10,2) NOT NULL);
INSERT INTO stores VALUES (1, 'User store');
INSERT INTO items VALUES (1, 1, 'User item');
INSERT INTO orders VALUES (1, 1, '2021-03-04');
INSERT INTO order_lines VALUES (1, 1, 1, '2021-03-05', 2, 9.50);
INSERT INTO departments VALUES (1, 'User dept', NULL);
INSERT INTO employees VALUES (1, 1, NULL, 'User boss', 90000.00);
UPDATE departments SET head_id = 1 WHERE id = 1;
