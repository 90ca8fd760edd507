CREATE TABLE tickets (id BIGINT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(120) NOT NULL) ENGINE=InnoDB;
CREATE TABLE comments (id BIGINT AUTO_INCREMENT PRIMARY KEY, ticket_id BIGINT NOT NULL, body VARCHAR(200) NOT NULL,
  FOREIGN KEY (ticket_id) REFERENCES tickets(id)) ENGINE=InnoDB;
INSERT INTO tickets (title) VALUES ('User ticket'), ('Another');
INSERT INTO comments (ticket_id, body) VALUES (2, 'User comment');
