CREATE TABLE students (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE courses (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
CREATE TABLE enrollments (student_id INTEGER NOT NULL REFERENCES students(id),
  course_id INTEGER NOT NULL REFERENCES courses(id), enrolled_on DATE NOT NULL,
  PRIMARY KEY (student_id, course_id));
INSERT INTO students VALUES (1, 'User student');
INSERT INTO courses VALUES (1, 'User course');
INSERT INTO enrollments VALUES (1, 1, '2021-09-01');
