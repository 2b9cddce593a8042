"""Referatarkivet: a static, searchable archive of meeting minutes."""
