CREATE TABLE students (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL) ENGINE=InnoDB;
CREATE TABLE courses (id BIGINT PRIMARY KEY, title VARCHAR(120) NOT NULL) ENGINE=InnoDB;
CREATE TABLE enrollments (student_id BIGINT NOT NULL, course_id BIGINT NOT NULL, enrolled_on DATE NOT NULL,
  PRIMARY KEY (student_id, course_id), FOREIGN KEY (student_id) REFERENCES students(id),
  FOREIGN KEY (course_id) REFERENCES courses(id)) ENGINE=InnoDB;
INSERT INTO students VALUES (1, 'User student');
INSERT INTO courses VALUES (1, 'User course');
INSERT INTO enrollments VALUES (1, 1, '2021-09-01');
