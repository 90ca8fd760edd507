-- Sakila, MySQL's DVD-rental sample schema (https://dev.mysql.com/doc/sakila/en/, BSD licence, (c) MySQL AB / Oracle), schema only, SQLite 3.40.
-- Changed: same tables, columns, keys and nullability as sakila.mysql.sql; AUTO_INCREMENT is INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, ENUM/SET are CHECK (x IN (...)),
-- YEAR is SMALLINT, ON UPDATE CURRENT_TIMESTAMP is an AFTER UPDATE trigger per table; address.location, FULLTEXT, routines and two views left out.

CREATE TABLE actor (
  actor_id    INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  first_name  VARCHAR(45) NOT NULL,
  last_name   VARCHAR(45) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX idx_actor_last_name ON actor (last_name);

CREATE TABLE country (
  country_id  INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  country     VARCHAR(50) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE city (
  city_id     INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  city        VARCHAR(50) NOT NULL,
  country_id  SMALLINT UNSIGNED NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_city_country FOREIGN KEY (country_id) REFERENCES country (country_id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX idx_fk_country_id ON city (country_id);

-- The original's `location GEOMETRY NOT NULL` is left out.
CREATE TABLE address (
  address_id  INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  address     VARCHAR(50) NOT NULL,
  address2    VARCHAR(50) DEFAULT NULL,
  district    VARCHAR(20) NOT NULL,
  city_id     SMALLINT UNSIGNED NOT NULL,
  postal_code VARCHAR(10) DEFAULT NULL,
  phone       VARCHAR(20) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_address_city FOREIGN KEY (city_id) REFERENCES city (city_id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX idx_fk_city_id ON address (city_id);

CREATE TABLE category (
  category_id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name        VARCHAR(25) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE language (
  language_id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  name        CHAR(20) NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- rating is MySQL's ENUM, special_features MySQL's SET: every subset of its four members in member order.
CREATE TABLE film (
  film_id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  title                VARCHAR(128) NOT NULL,
  description          TEXT DEFAULT NULL,
  release_year         SMALLINT DEFAULT NULL,
  language_id          TINYINT UNSIGNED NOT NULL,
  original_language_id TINYINT UNSIGNED DEFAULT NULL,
  rental_duration      TINYINT UNSIGNED NOT NULL DEFAULT 3,
  rental_rate          DECIMAL(4,2) NOT NULL DEFAULT 4.99,
  length               SMALLINT UNSIGNED DEFAULT NULL,
  replacement_cost     DECIMAL(5,2) NOT NULL DEFAULT 19.99,
  rating               TEXT DEFAULT 'G' CHECK (rating IN ('G','PG','PG-13','R','NC-17')),
  special_features     TEXT DEFAULT NULL CHECK (special_features IN ('', 'Trailers', 'Commentaries', 'Trailers,Commentaries',
    'Deleted Scenes', 'Trailers,Deleted Scenes', 'Commentaries,Deleted Scenes', 'Trailers,Commentaries,Deleted Scenes',
    'Behind the Scenes', 'Trailers,Behind the Scenes', 'Commentaries,Behind the Scenes', 'Trailers,Commentaries,Behind the Scenes',
    'Deleted Scenes,Behind the Scenes', 'Trailers,Deleted Scenes,Behind the Scenes', 'Commentaries,Deleted Scenes,Behind the Scenes',
    'Trailers,Commentaries,Deleted Scenes,Behind the Scenes')),
  last_update          TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_film_language FOREIGN KEY (language_id) REFERENCES language (language_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_film_language_original FOREIGN KEY (original_language_id) REFERENCES language (language_id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX idx_title ON film (title);
CREATE INDEX idx_fk_language_id ON film (language_id);
CREATE INDEX idx_fk_original_language_id ON film (original_language_id);

CREATE TABLE film_actor (
  actor_id    SMALLINT UNSIGNED NOT NULL,
  film_id     SMALLINT UNSIGNED NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (actor_id, film_id),
  CONSTRAINT fk_film_actor_actor FOREIGN KEY (actor_id) REFERENCES actor (actor_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_film_actor_film FOREIGN KEY (film_id) REFERENCES film (film_id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX idx_film_actor_fk_film_id ON film_actor (film_id);

CREATE TABLE film_category (
  film_id     SMALLINT UNSIGNED NOT NULL,
  category_id TINYINT UNSIGNED NOT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (film_id, category_id),
  CONSTRAINT fk_film_category_film FOREIGN KEY (film_id) REFERENCES film (film_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_film_category_category FOREIGN KEY (category_id) REFERENCES category (category_id) ON DELETE RESTRICT ON UPDATE CASCADE
);

-- Kept in step with film by the triggers ins_film, upd_film and del_film below.
CREATE TABLE film_text (
  film_id     SMALLINT NOT NULL PRIMARY KEY,
  title       VARCHAR(255) NOT NULL,
  description TEXT
);

-- staff.store_id and store.manager_staff_id reference each other, both NOT NULL (SQLite accepts the forward reference).
CREATE TABLE staff (
  staff_id    INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  first_name  VARCHAR(45) NOT NULL,
  last_name   VARCHAR(45) NOT NULL,
  address_id  SMALLINT UNSIGNED NOT NULL,
  picture     BLOB DEFAULT NULL,
  email       VARCHAR(50) DEFAULT NULL,
  store_id    TINYINT UNSIGNED NOT NULL,
  active      BOOLEAN NOT NULL DEFAULT TRUE,
  username    VARCHAR(16) NOT NULL,
  password    VARCHAR(40) DEFAULT NULL,
  last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_staff_store FOREIGN KEY (store_id) REFERENCES store (store_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_staff_address FOREIGN KEY (address_id) REFERENCES address (address_id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX idx_staff_fk_store_id ON staff (store_id);
CREATE INDEX idx_staff_fk_address_id ON staff (address_id);

CREATE TABLE store (
  store_id         INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  manager_staff_id TINYINT UNSIGNED NOT NULL,
  address_id       SMALLINT UNSIGNED NOT NULL,
  last_update      TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT idx_unique_manager UNIQUE (manager_staff_id),
  CONSTRAINT fk_store_staff FOREIGN KEY (manager_staff_id) REFERENCES staff (staff_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_store_address FOREIGN KEY (address_id) REFERENCES address (address_id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX idx_store_fk_address_id ON store (address_id);

CREATE TABLE customer (
  customer_id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  store_id    TINYINT UNSIGNED NOT NULL,
  first_name  VARCHAR(45) NOT NULL,
  last_name   VARCHAR(45) NOT NULL,
  email       VARCHAR(50) DEFAULT NULL,
  address_id  SMALLINT UNSIGNED NOT NULL,
  active      BOOLEAN NOT NULL DEFAULT TRUE,
  create_date DATETIME NOT NULL,
  last_update TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_customer_address FOREIGN KEY (address_id) REFERENCES address (address_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_customer_store FOREIGN KEY (store_id) REFERENCES store (store_id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX idx_customer_fk_store_id ON customer (store_id);
CREATE INDEX idx_customer_fk_address_id ON customer (address_id);
CREATE INDEX idx_last_name ON customer (last_name);

CREATE TABLE inventory (
  inventory_id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  film_id      SMALLINT UNSIGNED NOT NULL,
  store_id     TINYINT UNSIGNED NOT NULL,
  last_update  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_inventory_store FOREIGN KEY (store_id) REFERENCES store (store_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_inventory_film FOREIGN KEY (film_id) REFERENCES film (film_id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX idx_inventory_fk_film_id ON inventory (film_id);
CREATE INDEX idx_store_id_film_id ON inventory (store_id, film_id);

CREATE TABLE rental (
  rental_id    INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  rental_date  DATETIME NOT NULL,
  inventory_id MEDIUMINT UNSIGNED NOT NULL,
  customer_id  SMALLINT UNSIGNED NOT NULL,
  return_date  DATETIME DEFAULT NULL,
  staff_id     TINYINT UNSIGNED NOT NULL,
  last_update  TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT rental_date UNIQUE (rental_date, inventory_id, customer_id),
  CONSTRAINT fk_rental_staff FOREIGN KEY (staff_id) REFERENCES staff (staff_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_rental_inventory FOREIGN KEY (inventory_id) REFERENCES inventory (inventory_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_rental_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX idx_fk_inventory_id ON rental (inventory_id);
CREATE INDEX idx_rental_fk_customer_id ON rental (customer_id);
CREATE INDEX idx_rental_fk_staff_id ON rental (staff_id);

CREATE TABLE payment (
  payment_id   INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  customer_id  SMALLINT UNSIGNED NOT NULL,
  staff_id     TINYINT UNSIGNED NOT NULL,
  rental_id    INT DEFAULT NULL,
  amount       DECIMAL(5,2) NOT NULL,
  payment_date DATETIME NOT NULL,
  last_update  TIMESTAMP NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT fk_payment_rental FOREIGN KEY (rental_id) REFERENCES rental (rental_id) ON DELETE SET NULL ON UPDATE CASCADE,
  CONSTRAINT fk_payment_customer FOREIGN KEY (customer_id) REFERENCES customer (customer_id) ON DELETE RESTRICT ON UPDATE CASCADE,
  CONSTRAINT fk_payment_staff FOREIGN KEY (staff_id) REFERENCES staff (staff_id) ON DELETE RESTRICT ON UPDATE CASCADE
);
CREATE INDEX idx_payment_fk_staff_id ON payment (staff_id);
CREATE INDEX idx_payment_fk_customer_id ON payment (customer_id);

-- film_text follows film, as in the original.
CREATE TRIGGER ins_film AFTER INSERT ON film FOR EACH ROW
BEGIN
  INSERT INTO film_text (film_id, title, description) VALUES (NEW.film_id, NEW.title, NEW.description);
END;

CREATE TRIGGER upd_film AFTER UPDATE ON film FOR EACH ROW
  WHEN OLD.title IS NOT NEW.title OR OLD.description IS NOT NEW.description OR OLD.film_id IS NOT NEW.film_id
BEGIN
  UPDATE film_text SET title = NEW.title, description = NEW.description, film_id = NEW.film_id WHERE film_id = OLD.film_id;
END;

CREATE TRIGGER del_film AFTER DELETE ON film FOR EACH ROW
BEGIN
  DELETE FROM film_text WHERE film_id = OLD.film_id;
END;

-- MySQL's `ON UPDATE CURRENT_TIMESTAMP`: an update that does not set last_update itself stamps the row.
CREATE TRIGGER actor_last_update AFTER UPDATE ON actor FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE actor SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER country_last_update AFTER UPDATE ON country FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE country SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER city_last_update AFTER UPDATE ON city FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE city SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER address_last_update AFTER UPDATE ON address FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE address SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER category_last_update AFTER UPDATE ON category FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE category SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER language_last_update AFTER UPDATE ON language FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE language SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER film_last_update AFTER UPDATE ON film FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE film SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER film_actor_last_update AFTER UPDATE ON film_actor FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE film_actor SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER film_category_last_update AFTER UPDATE ON film_category FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE film_category SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER staff_last_update AFTER UPDATE ON staff FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE staff SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER store_last_update AFTER UPDATE ON store FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE store SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER customer_last_update AFTER UPDATE ON customer FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE customer SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER inventory_last_update AFTER UPDATE ON inventory FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE inventory SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER rental_last_update AFTER UPDATE ON rental FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE rental SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;
CREATE TRIGGER payment_last_update AFTER UPDATE ON payment FOR EACH ROW WHEN NEW.last_update IS OLD.last_update
BEGIN UPDATE payment SET last_update = CURRENT_TIMESTAMP WHERE rowid = NEW.rowid; END;

CREATE VIEW customer_list AS
SELECT cu.customer_id AS ID, cu.first_name || ' ' || cu.last_name AS name, a.address AS address,
       a.postal_code AS "zip code", a.phone AS phone, city.city AS city, country.country AS country,
       CASE WHEN cu.active THEN 'active' ELSE '' END AS notes, cu.store_id AS SID
FROM customer AS cu
JOIN address AS a ON cu.address_id = a.address_id
JOIN city ON a.city_id = city.city_id
JOIN country ON city.country_id = country.country_id;

CREATE VIEW film_list AS
SELECT film.film_id AS FID, film.title AS title, film.description AS description, category.name AS category,
       film.rental_rate AS price, film.length AS length, film.rating AS rating,
       group_concat(actor.first_name || ' ' || actor.last_name, ', ') AS actors
FROM category
LEFT JOIN film_category ON category.category_id = film_category.category_id
LEFT JOIN film ON film_category.film_id = film.film_id
JOIN film_actor ON film.film_id = film_actor.film_id
JOIN actor ON film_actor.actor_id = actor.actor_id
GROUP BY film.film_id;

CREATE VIEW staff_list AS
SELECT s.staff_id AS ID, s.first_name || ' ' || s.last_name AS name, a.address AS address,
       a.postal_code AS "zip code", a.phone AS phone, city.city AS city, country.country AS country, s.store_id AS SID
FROM staff AS s
JOIN address AS a ON s.address_id = a.address_id
JOIN city ON a.city_id = city.city_id
JOIN country ON city.country_id = country.country_id;

CREATE VIEW sales_by_film_category AS
SELECT c.name AS category, SUM(p.amount) AS total_sales
FROM payment AS p
INNER JOIN rental AS r ON p.rental_id = r.rental_id
INNER JOIN inventory AS i ON r.inventory_id = i.inventory_id
INNER JOIN film AS f ON i.film_id = f.film_id
INNER JOIN film_category AS fc ON f.film_id = fc.film_id
INNER JOIN category AS c ON fc.category_id = c.category_id
GROUP BY c.name
ORDER BY total_sales DESC;

CREATE VIEW sales_by_store AS
SELECT c.city || ',' || cy.country AS store, m.first_name || ' ' || m.last_name AS manager,
       SUM(p.amount) AS total_sales
FROM payment AS p
INNER JOIN rental AS r ON p.rental_id = r.rental_id
INNER JOIN inventory AS i ON r.inventory_id = i.inventory_id
INNER JOIN store AS s ON i.store_id = s.store_id
INNER JOIN address AS a ON s.address_id = a.address_id
INNER JOIN city AS c ON a.city_id = c.city_id
INNER JOIN country AS cy ON c.country_id = cy.country_id
INNER JOIN staff AS m ON s.manager_staff_id = m.staff_id
GROUP BY s.store_id
ORDER BY cy.country, c.city;
