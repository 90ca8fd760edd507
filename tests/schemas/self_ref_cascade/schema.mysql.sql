CREATE TABLE folders (id BIGINT PRIMARY KEY, parent_id BIGINT NULL, name VARCHAR(120) NOT NULL,
  FOREIGN KEY (parent_id) REFERENCES folders(id) ON DELETE CASCADE) ENGINE=InnoDB;
INSERT INTO folders VALUES (1, NULL, 'User root'), (2, 1, 'User child');
