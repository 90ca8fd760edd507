CREATE TABLE gadgets (
  id INTEGER PRIMARY KEY,
  qty INTEGER NOT NULL,
  price NUMERIC(10,2) NOT NULL,
  doubled INTEGER GENERATED ALWAYS AS (qty * 2) STORED,
  -- qty * 1.0825 rounded half up to cents, in integers (MariaDB and
  -- PostgreSQL round the exact decimal; a double could tie the other way).
  taxed NUMERIC(12,2) GENERATED ALWAYS AS ((qty * 10825 + 50) / 100 / 100.0) STORED,
  label VARCHAR(40) GENERATED ALWAYS AS ('G-' || id) VIRTUAL,
  attrs TEXT NOT NULL CHECK (json_valid(attrs)),
  status TEXT NOT NULL CHECK (status IN ('new', 'used', 'refurbished')),
  flags TEXT NOT NULL DEFAULT '' CHECK (flags IN ('', 'gift', 'fragile', 'express', 'fragile,express')),
  made INTEGER NOT NULL CHECK (made BETWEEN 1901 AND 2155),
  active BOOLEAN NOT NULL,
  photo BLOB,
  big INTEGER NOT NULL,
  ubig INTEGER NOT NULL CHECK (ubig >= 0),
  small_u INTEGER NOT NULL CHECK (small_u BETWEEN 0 AND 255),
  touched_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE parts (
  id INTEGER PRIMARY KEY,
  gadget_id INTEGER NOT NULL REFERENCES gadgets(id),
  weight_g INTEGER NOT NULL CHECK (weight_g BETWEEN 0 AND 16777215)
);
INSERT INTO gadgets (id, qty, price, attrs, status, flags, made, active, photo, big, ubig, small_u, touched_at)
  VALUES (1, 3, 9.99, '{"user": true}', 'used', 'gift', 1999, 1, NULL, -9223372036854775808, 0, 255, '2020-05-06 07:08:09');
INSERT INTO parts VALUES (1, 1, 16777215);
