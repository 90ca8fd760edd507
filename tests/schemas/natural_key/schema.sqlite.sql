CREATE TABLE countries (code CHAR(2) PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE cities (id INTEGER PRIMARY KEY, country_code CHAR(2) NOT NULL REFERENCES countries(code),
  name TEXT NOT NULL);
