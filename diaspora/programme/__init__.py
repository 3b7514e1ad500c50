"""The programme's core: decisions on candidates, staged disclosure, interests, placements, allocation, review."""
