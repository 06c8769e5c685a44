"""Benchmarks that compare a feature with a baseline measured in the same run. They print, never assert."""
