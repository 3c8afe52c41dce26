"""Comparisons between lines and over time: statistics, trends, reliability, year over year."""
