CREATE TABLE tickets (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL);
CREATE TABLE comments (id INTEGER PRIMARY KEY AUTOINCREMENT, ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  body TEXT NOT NULL);
INSERT INTO tickets (title) VALUES ('User ticket'), ('Another');
INSERT INTO comments (ticket_id, body) VALUES (2, 'User comment');
