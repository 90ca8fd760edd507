CREATE TABLE categories (id BIGINT PRIMARY KEY, parent_id BIGINT REFERENCES categories(id) ON DELETE RESTRICT,
  name VARCHAR(120) NOT NULL);
INSERT INTO categories VALUES (1, NULL, 'User root'), (2, 1, 'User child');
