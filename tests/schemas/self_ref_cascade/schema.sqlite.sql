CREATE TABLE folders (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES folders(id) ON DELETE CASCADE,
  name TEXT NOT NULL);
INSERT INTO folders VALUES (1, NULL, 'User root'), (2, 1, 'User child');
