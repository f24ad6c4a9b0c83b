-- The guestbook's database, loaded into the mysql service when the template is deployed.
CREATE DATABASE IF NOT EXISTS guestbook CHARACTER SET utf8mb4;
USE guestbook;
CREATE TABLE IF NOT EXISTS entries (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  message TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO entries (name, message) VALUES ('ConPaaS', 'Welcome! This entry came with the template.');
