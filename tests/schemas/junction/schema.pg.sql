CREATE TABLE students (id BIGINT PRIMARY KEY, name VARCHAR(120) NOT NULL);
CREATE TABLE courses (id BIGINT PRIMARY KEY, title VARCHAR(120) NOT NULL);
CREATE TABLE enrollments (student_id BIGINT NOT NULL REFERENCES students(id),
  course_id BIGINT NOT NULL REFERENCES courses(id), enrolled_on DATE NOT NULL,
  PRIMARY KEY (student_id, course_id));
INSERT INTO students VALUES (1, 'User student');
INSERT INTO courses VALUES (1, 'User course');
INSERT INTO enrollments VALUES (1, 1, '2021-09-01');
