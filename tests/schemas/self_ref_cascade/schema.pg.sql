CREATE TABLE folders (id BIGINT PRIMARY KEY, parent_id BIGINT REFERENCES folders(id) ON DELETE CASCADE,
  name VARCHAR(120) NOT NULL);
INSERT INTO folders VALUES (1, NULL, 'User root'), (2, 1, 'User child');
