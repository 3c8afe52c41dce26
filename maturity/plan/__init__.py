"""Planning: targets, gap analysis, progress to target, SWOT, the rollout roadmap and its loop."""
