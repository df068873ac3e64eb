"""Shipped lesson files (package data): one TOML file per lesson, run in file-name order."""
