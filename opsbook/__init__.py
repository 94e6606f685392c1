"""Opsbook: validated YAML playbooks rendered into a searchable training handbook."""

__version__ = "0.1.0"
