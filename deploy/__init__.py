"""Deployment files: gunicorn and nginx configuration."""
