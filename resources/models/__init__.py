"""Shipped model files (package data)."""
