CREATE TABLE categories (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES categories(id) ON DELETE RESTRICT,
  name TEXT NOT NULL);
INSERT INTO categories VALUES (1, NULL, 'User root'), (2, 1, 'User child');
