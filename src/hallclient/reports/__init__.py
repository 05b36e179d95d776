"""Tallies and their exports (PDF, XLSX, CSV); Qt-free."""
