"""Scoring: practice statistics, SCAMPI aggregation and characterization, goal, area and level ratings."""
