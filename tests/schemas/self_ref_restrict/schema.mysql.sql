CREATE TABLE categories (id BIGINT PRIMARY KEY, parent_id BIGINT NULL, name VARCHAR(120) NOT NULL,
  FOREIGN KEY (parent_id) REFERENCES categories(id) ON DELETE RESTRICT) ENGINE=InnoDB;
INSERT INTO categories VALUES (1, NULL, 'User root'), (2, 1, 'User child');
