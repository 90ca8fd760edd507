CREATE TABLE gadgets (
  id BIGINT UNSIGNED PRIMARY KEY,
  qty INT NOT NULL,
  price DECIMAL(10,2) NOT NULL,
  doubled INT AS (qty * 2) STORED,
  taxed DECIMAL(12,2) AS (qty * 1.0825) STORED,
  label VARCHAR(40) AS (CONCAT('G-', id)) VIRTUAL,
  attrs JSON NOT NULL,
  status ENUM('new', 'used', 'refurbished') NOT NULL,
  flags SET('gift', 'fragile', 'express') NOT NULL DEFAULT '',
  made YEAR NOT NULL,
  active BOOLEAN NOT NULL,
  photo BLOB,
  big BIGINT NOT NULL,
  ubig BIGINT UNSIGNED NOT NULL,
  small_u TINYINT UNSIGNED NOT NULL,
  touched_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP
) ENGINE=InnoDB;
CREATE TABLE parts (
  id BIGINT UNSIGNED PRIMARY KEY,
  gadget_id BIGINT UNSIGNED NOT NULL,
  weight_g MEDIUMINT UNSIGNED NOT NULL,
  FOREIGN KEY (gadget_id) REFERENCES gadgets(id)
) ENGINE=InnoDB;
INSERT INTO gadgets (id, qty, price, attrs, status, flags, made, active, photo, big, ubig, small_u, touched_at)
  VALUES (1, 3, 9.99, '{"user": true}', 'used', 'gift', 1999, 1, NULL, -9223372036854775808, 0, 255, '2020-05-06 07:08:09');
INSERT INTO parts VALUES (1, 1, 16777215);
