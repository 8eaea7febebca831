"""The store: the database engine and unit of work (db), the tables (models), the schema's migrations, the
loader that turns rows into the core's snapshots (load), and the change log a programme's revision is read from
(revision)."""
