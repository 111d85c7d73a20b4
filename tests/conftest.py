"""Shared pytest fixtures for all test folders."""

from tests.dbfixtures import database_url, db, pg_template, postgres_url, sqlite_template

__all__ = ["database_url", "db", "pg_template", "postgres_url", "sqlite_template"]
