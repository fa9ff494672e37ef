"""Deployment files (gunicorn, nginx) and the benchmark-only Django settings."""
