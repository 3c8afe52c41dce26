"""The assessment model: YAML schema and safe loading (process areas, goals, practices,
questions, scales, rules)."""
