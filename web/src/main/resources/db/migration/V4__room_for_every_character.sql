-- A description may hold 2000 characters and a note 500 (counted as Unicode characters, as the schema and the API
-- count them); H2 counts UTF-16 units, where a character outside the BMP takes two. Portable between H2 and PostgreSQL.
ALTER TABLE policy_version ALTER COLUMN description SET DATA TYPE VARCHAR(4000);
ALTER TABLE policy_version ALTER COLUMN note SET DATA TYPE VARCHAR(1000);
